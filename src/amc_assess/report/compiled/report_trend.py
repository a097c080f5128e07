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
    yield '. A missing point means that the dimension could not be scored that time, or was scored another way (for example with or without a relationship audit, or with another version of the rubric), so that the two scores are not comparable.</p>\n<flow name="trend"/>\n<h3>Scores by assessment</h3>\n<flow name="table"/>\n<small>Under each score: its maturity level and, where the two assessments were scored the same way, the change since the previous one. A change is called real only when it is larger than measurement error alone would explain (a reliable-change test; the threshold shrinks as more people answer each year); a smaller one, even one that crosses a level boundary, is within noise.</small>'

blocks = {}
debug_info = '3=15'
# generated from report_templates/report_trend.j2 by amc_assess.report.compile_templates
