from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_heatmap.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_scale = resolve('scale')
    l_0_respondents = resolve('respondents')
    pass
    yield '<h1>Practices at a glance</h1>\n<small>Every practice the rubric scores, dimension by dimension, colored by its score from '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'low_text')))
    yield ' (lowest) to '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'high_text')))
    yield ' (highest)'
    if (undefined(name='respondents') if l_0_respondents is missing else l_0_respondents):
        pass
        if (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted') == 1):
            pass
            yield "; a practice's score is the one own-side respondent's"
        else:
            pass
            yield "; a practice's score is the mean of the "
            yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted')))
            yield ' '
            if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'own_side'):
                pass
                yield 'own-side '
            yield "respondents' scores"
            if environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'whole'):
                pass
                yield ', rounded to a whole point'
            else:
                pass
                yield ', to two decimals'
    yield '. The dimension pages that follow show each answer and what it means.</small>\n<flow name="heatmap"/>'

blocks = {}
debug_info = '3=14'
# generated from report_templates/report_heatmap.j2 by amc_assess.report.compile_templates
