from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_profile.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_firm = resolve('firm')
    l_0_respondents = resolve('respondents')
    l_0_profile = resolve('profile')
    pass
    yield '<h1>Firm profile and alliance portfolio</h1>\n<p>What '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield ' told us about itself and its alliances'
    if (undefined(name='respondents') if l_0_respondents is missing else l_0_respondents):
        pass
        yield ' ('
        yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'count')))
        yield ' respondents; where they differ, every answer is listed with how many gave it)'
    yield '. These answers are not scored: they place the firm among its peers and explain its scores.</p>\n'
    for l_1_s in (undefined(name='profile') if l_0_profile is missing else l_0_profile):
        _loop_vars = {}
        pass
        yield '<h2>'
        yield escape(environment.finalize(environment.getattr(l_1_s, 'title')))
        yield '</h2>\n<flow name="section_'
        yield escape(environment.finalize(environment.getattr(l_1_s, 'id')))
        yield '"/>\n'
    l_1_s = missing

blocks = {}
debug_info = '3=15&4=23&5=27&6=29'
# generated from report_templates/report_profile.j2 by amc_assess.report.compile_templates
