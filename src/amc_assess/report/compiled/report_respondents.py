from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_respondents.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_respondents = resolve('respondents')
    l_0_firm = resolve('firm')
    l_0_overall = resolve('overall')
    l_0_overall_words = resolve('overall_words')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_3 = environment.filters['score']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'score' found.")
    try:
        t_4 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    yield '<h1>Respondents</h1>\n<p>'
    yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'count')))
    yield ' people answered for '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield '. People on different sides of an alliance, and at different levels of management, often see the same alliance differently; where their answers diverge, the gap is a finding in its own right and a topic for the next steering meeting.</p>\n'
    if (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'agreement_status') == 'aggregate with caution'):
        pass
        yield '<callout kind="caution">Aggregate with caution: the '
        if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'own_side'):
            pass
            yield 'own-side '
        yield 'respondents disagree on '
        yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'low_agreement'), ', ')))
        yield " (rwg(j) below 0.7), so the firm's mean score there hides very different views.</callout>\n"
    yield '<h3>Who answered</h3>\n<flow name="counts"/>\n<h3>Scores by respondent</h3>\n<flow name="scores"/>\n<h3>How far the answers spread</h3>\n<small>Lowest and highest respondent score per dimension, their range and standard deviation'
    if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'own_side'):
        pass
        yield ', over the '
        yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted')))
        yield " own-side respondents whose answers make the firm's scores (the partners' view is compared below)"
    yield '.'
    if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'has_rwg'):
        pass
        yield " rwg(j) (James, Demaree &amp; Wolf 1984) measures agreement within the group: 1 means full agreement, values below 0.7 call for caution in reading the firm's average."
    yield '</small>\n<flow name="spread"/>\n'
    if (not environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'agreement')):
        pass
        yield '<p>Agreement statistics (rwg(j), ICC) and tests of the gaps between groups are not part of this edition of the report.</p>\n'
    if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'gaps'):
        pass
        yield '<h3>Perception gaps between groups</h3>\n'
        if (t_2(context.eval_ctx, t_4(context, environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'gaps'), 'dimension', 'equalto', 'overall')) and environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'ok')):
            pass
            yield "<small>A group's "
            yield escape(environment.finalize((undefined(name='overall_words') if l_0_overall_words is missing else l_0_overall_words)))
            yield " in the table below is the mean of its members' own indexes, over those who have one. "
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield "'s "
            yield escape(environment.finalize((undefined(name='overall_words') if l_0_overall_words is missing else l_0_overall_words)))
            yield ' ('
            yield escape(environment.finalize(t_3(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'score'))))
            yield ") is the rubric's overall rule applied to the dimension means, so the two need not agree.</small>\n"
        yield '<flow name="gaps"/>\n'
    if (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'untested_gaps') and (not environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'gaps'))):
        pass
        yield '<p>The groups (sides, levels) are too small to compare: a gap between two groups is tested only when each has at least two respondents.</p>\n'
    elif environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'untested_gaps'):
        pass
        yield '<small>'
        yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'untested_gaps')))
        yield ' further comparisons are left out: one of their groups has fewer than two respondents.</small>\n'

blocks = {}
debug_info = '3=40&4=44&5=47&12=54&14=64&17=67&19=70&20=73&24=82&26=85&27=88'
# generated from report_templates/report_respondents.j2 by amc_assess.report.compile_templates
