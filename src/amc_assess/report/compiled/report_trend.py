from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_trend.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_history = resolve('history')
    l_0_firm = resolve('firm')
    l_0_overall_words = resolve('overall_words')
    l_0_t = missing
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    try:
        t_3 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<h1>Progress over time</h1>\n<p>Scores from '
    yield escape(environment.finalize(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'count')))
    yield ' assessment'
    yield escape(environment.finalize(('s' if (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'count') != 1) else cond_expr_undefined("the inline if-expression on line 3 in 'report_trend.j2' evaluated to false and no else section was defined."))))
    yield ' of '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield ', from '
    yield escape(environment.finalize(environment.getitem(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'labels'), 0)))
    yield ' to '
    yield escape(environment.finalize(environment.getitem(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'labels'), -1)))
    yield '. The thick line is the '
    yield escape(environment.finalize((undefined(name='overall_words') if l_0_overall_words is missing else l_0_overall_words)))
    yield '. A missing point means that the dimension could not be scored that time, or was scored another way (for example with or without a relationship audit, or with another version of the rubric), so that the two scores are not comparable.</p>\n<flow name="trend"/>\n<h3>Scores by assessment</h3>\n<flow name="table"/>\n<small>Under each score: its maturity level and, where the two assessments were scored the same way, the change since the previous one. A change is called real only when it is larger than measurement error alone would explain (a reliable-change test, after Jacobson &amp; Truax 1991; the threshold shrinks as more people answer each year); a smaller one, even one that crosses a level boundary, is within noise.'
    l_0_t = environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'threshold')
    context.vars['t'] = l_0_t
    context.exported_vars.add('t')
    if ((undefined(name='t') if l_0_t is missing else l_0_t) and (not t_3(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'low')))):
        pass
        yield ' For the latest change here, that threshold is '
        if (t_2(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'low'), 2) == t_2(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'high'), 2)):
            pass
            yield '±'
            yield escape(environment.finalize(t_1('%.2f', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'low'))))
            yield ' points on each dimension'
        else:
            pass
            yield '±'
            yield escape(environment.finalize(t_1('%.2f', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'low'))))
            yield ' to ±'
            yield escape(environment.finalize(t_1('%.2f', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'high'))))
            yield ' points on the dimensions'
        if (not t_3(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'overall'))):
            pass
            yield ' and ±'
            yield escape(environment.finalize(t_1('%.2f', environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'overall'))))
            yield ' on the '
            yield escape(environment.finalize((undefined(name='overall_words') if l_0_overall_words is missing else l_0_overall_words)))
        yield '.'
    yield '</small>'

blocks = {}
debug_info = '3=34&7=46'
# generated from report_templates/report_trend.j2 by amc_assess.report.compile_templates
