from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_summary.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_partner_only = resolve('partner_only')
    l_0_partners = resolve('partners')
    l_0_firm = resolve('firm')
    l_0_dimensions = resolve('dimensions')
    l_0_overall = resolve('overall')
    l_0_overall_words = resolve('overall_words')
    l_0_scale = resolve('scale')
    l_0_targets = resolve('targets')
    l_0_insufficient = resolve('insufficient')
    l_0_unanswered = resolve('unanswered')
    l_0_unknown = resolve('unknown')
    l_0_history = resolve('history')
    l_0_verdict_text = resolve('verdict_text')
    l_0_respondents = resolve('respondents')
    l_0_medians = resolve('medians')
    l_0_peers = resolve('peers')
    l_0_strongest = resolve('strongest')
    l_0_weakest = resolve('weakest')
    l_0_rules = resolve('rules')
    l_0_priorities = resolve('priorities')
    l_0_roadmap = resolve('roadmap')
    l_0_all_targets_met = resolve('all_targets_met')
    l_0_advises = resolve('advises')
    l_0_scored_any = missing
    try:
        t_1 = environment.filters['and_list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'and_list' found.")
    try:
        t_2 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_3 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_5 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_6 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_7 = environment.filters['progress']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'progress' found.")
    try:
        t_8 = environment.filters['round']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'round' found.")
    try:
        t_9 = environment.filters['score']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'score' found.")
    try:
        t_10 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_11 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<h1>Executive summary</h1>\n'
    if (undefined(name='partner_only') if l_0_partner_only is missing else l_0_partner_only):
        pass
        yield '<callout kind="caution">Every answer in this report comes from the partner\'s side ('
        yield escape(environment.finalize(('one respondent' if ((undefined(name='partners') if l_0_partners is missing else l_0_partners) == 1) else markup_join(((undefined(name='partners') if l_0_partners is missing else l_0_partners), ' respondents', )))))
        yield "), so its figures are the partner's view of "
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        yield ', not '
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        yield "'s own assessment. Read them beside an assessment by "
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        yield "'s own people before drawing conclusions about its capability: partners often see the same alliance differently (Hutt et al. 2000).</callout>\n"
    l_0_scored_any = (t_4(t_5(context.eval_ctx, t_10(context, (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions), 'ok'))) > 0)
    context.vars['scored_any'] = l_0_scored_any
    context.exported_vars.add('scored_any')
    if environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'ok'):
        pass
        yield '<lead>'
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        yield ' reaches an '
        yield escape(environment.finalize((undefined(name='overall_words') if l_0_overall_words is missing else l_0_overall_words)))
        yield ' of <b>'
        yield escape(environment.finalize(t_9(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'score'))))
        yield '</b> on a scale of '
        yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'low_text')))
        yield ' to '
        yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'high_text')))
        yield ', which places it at maturity level <b>'
        yield escape(environment.finalize(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'level')))
        yield ', '
        yield escape(environment.finalize(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'level_name')))
        yield '</b>. It has completed <b>'
        yield escape(environment.finalize(t_7(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'percent_to_target'))))
        yield '</b> of the maturity-level steps to its target levels'
        if (environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'peer') and environment.getattr(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'peer'), 'position')):
            pass
            yield ', and its overall index lies in '
            yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'peer'), 'phrase')))
            yield ' of its peer group'
        yield '.</lead>\n<small>Target levels: '
        yield escape(environment.finalize(environment.getattr((undefined(name='targets') if l_0_targets is missing else l_0_targets), 'said')))
        yield '.'
        if (not environment.getattr((undefined(name='targets') if l_0_targets is missing else l_0_targets), 'agreed')):
            pass
            yield " Agree them with the firm's leadership before acting on the gaps."
        yield '</small>\n'
    else:
        pass
        yield '<lead>No '
        yield escape(environment.finalize((undefined(name='overall_words') if l_0_overall_words is missing else l_0_overall_words)))
        yield ' is given for '
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        yield ': too few questions were answered in '
        yield escape(environment.finalize(t_1(t_6(context, (undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient), attribute='title'))))
        yield ' to score '
        yield escape(environment.finalize(('that dimension' if (t_4((undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient)) == 1) else 'those dimensions')))
        yield ' reliably.'
        if (t_4((undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient)) < t_4((undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions))):
            pass
            yield ' The dimensions that could be scored are shown below.'
        else:
            pass
            yield ' No dimension could be scored, so this report shows the answers given but no score, level or gap.'
        yield '</lead>\n'
    if (undefined(name='unanswered') if l_0_unanswered is missing else l_0_unanswered):
        pass
        yield '<p>'
        yield escape(environment.finalize(t_4((undefined(name='unanswered') if l_0_unanswered is missing else l_0_unanswered))))
        yield ' '
        yield escape(environment.finalize(('practices were' if (t_4((undefined(name='unanswered') if l_0_unanswered is missing else l_0_unanswered)) != 1) else 'practice was')))
        yield ' not answered at all ('
        yield escape(environment.finalize(t_3(context.eval_ctx, (undefined(name='unanswered') if l_0_unanswered is missing else l_0_unanswered), ', ')))
        yield '), though the questionnaire asked '
        yield escape(environment.finalize(('them' if (t_4((undefined(name='unanswered') if l_0_unanswered is missing else l_0_unanswered)) != 1) else 'it')))
        yield '. A question left unanswered counts neither for nor against a score, as a "don\'t know" does; '
        if (undefined(name='scored_any') if l_0_scored_any is missing else l_0_scored_any):
            pass
            yield 'the scores below rest on the practices that were answered'
        else:
            pass
            yield 'with too few answers, no dimension could be scored'
        yield '.</p>\n'
    if (undefined(name='unknown') if l_0_unknown is missing else l_0_unknown):
        pass
        yield '<p>'
        yield escape(environment.finalize(t_4((undefined(name='unknown') if l_0_unknown is missing else l_0_unknown))))
        yield ' '
        yield escape(environment.finalize(('practices were' if (t_4((undefined(name='unknown') if l_0_unknown is missing else l_0_unknown)) != 1) else 'practice was')))
        yield ' answered "don\'t know" ('
        yield escape(environment.finalize(t_3(context.eval_ctx, (undefined(name='unknown') if l_0_unknown is missing else l_0_unknown), ', ')))
        yield '). A "don\'t know" counts neither for nor against a score, so '
        if (undefined(name='scored_any') if l_0_scored_any is missing else l_0_scored_any):
            pass
            yield 'the scores and levels in this report rest on the practices that were answered: they may fall or rise once the facts are in'
        else:
            pass
            yield 'with so many, no dimension could be scored: the scores come once the facts are in'
        yield '. The roadmap ends with steps to find out.</p>\n'
    if ((undefined(name='history') if l_0_history is missing else l_0_history) and environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'previous')):
        pass
        l_0_verdict_text = {'real decline': 'a real decline: larger than measurement error alone would explain', 'real improvement': 'a real improvement: larger than measurement error alone would explain', 'within noise': 'within measurement error, so not a change to act on by itself', 'level changed, within noise': 'the level changed, but the change is within measurement error'}
        context.vars['verdict_text'] = l_0_verdict_text
        context.exported_vars.add('verdict_text')
        yield '<p>Since the previous assessment ('
        yield escape(environment.finalize(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'previous')))
        yield '), '
        if (t_8(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'change'), 2) == 0):
            pass
            yield 'the overall index is unchanged at '
            yield escape(environment.finalize(t_9(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'last_overall'))))
        else:
            pass
            yield 'the overall index has '
            yield escape(environment.finalize(('risen' if (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'change') > 0) else 'fallen')))
            yield ' from '
            yield escape(environment.finalize(t_9(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'previous_overall'))))
            yield ' to '
            yield escape(environment.finalize(t_9(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'last_overall'))))
            yield ' ('
            yield escape(environment.finalize(t_2('%+.2f', environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'change'))))
            yield ' points)'
        if (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'verdict') in (undefined(name='verdict_text') if l_0_verdict_text is missing else l_0_verdict_text)):
            pass
            yield ', '
            yield escape(environment.finalize(environment.getitem((undefined(name='verdict_text') if l_0_verdict_text is missing else l_0_verdict_text), environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'verdict'))))
        yield '.'
        if (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'fell') or environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'rose')):
            pass
            yield ' Beyond measurement error, '
            if environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'fell'):
                pass
                yield escape(environment.finalize(t_1(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'fell'))))
                yield ' fell'
            if (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'fell') and environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'rose')):
                pass
                yield ', and '
            if environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'rose'):
                pass
                yield escape(environment.finalize(t_1(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'rose'))))
                yield ' rose'
            yield '.'
        if ((environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'count') > 2) and (not t_11(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'first_overall')))):
            pass
            yield ' Since '
            yield escape(environment.finalize(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'first')))
            yield ', it has moved from '
            yield escape(environment.finalize(t_9(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'first_overall'))))
            yield ' to '
            yield escape(environment.finalize(t_9(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'last_overall'))))
            yield ' ('
            yield escape(environment.finalize(t_2('%+.2f', environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'since_first'))))
            yield ' points over '
            yield escape(environment.finalize(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'count')))
            yield ' assessments)'
            if (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'since_first_verdict') in (undefined(name='verdict_text') if l_0_verdict_text is missing else l_0_verdict_text)):
                pass
                yield ', '
                yield escape(environment.finalize(environment.getitem((undefined(name='verdict_text') if l_0_verdict_text is missing else l_0_verdict_text), environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'since_first_verdict'))))
            yield '.'
        yield ' The page Progress over time shows every year.</p>\n'
    elif ((((undefined(name='history') if l_0_history is missing else l_0_history) and (not t_11(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'first_overall')))) and (not t_11(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'last_overall')))) and (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'count') > 1)):
        pass
        yield '<p>Since '
        yield escape(environment.finalize(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'first')))
        yield ', the overall index has moved from '
        yield escape(environment.finalize(t_9(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'first_overall'))))
        yield ' to '
        yield escape(environment.finalize(t_9(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'last_overall'))))
        yield ' ('
        yield escape(environment.finalize(t_2('%+.2f', (environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'last_overall') - environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'first_overall')))))
        yield ' points over '
        yield escape(environment.finalize(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'count')))
        yield ' assessments; see Progress over time).</p>\n'
    if (undefined(name='respondents') if l_0_respondents is missing else l_0_respondents):
        pass
        yield '<p>'
        yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'count')))
        yield ' people answered for '
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        yield '; '
        if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'own_side'):
            pass
            yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'partners')))
            yield ' of them '
            yield escape(environment.finalize(('works' if (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'partners') == 1) else 'work')))
            yield " for its alliance partners, so their answers are the partners' view of "
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield ": they are not in the firm's scores (amc report --include-partner counts them) and the Respondents page compares them with the firm's own side. "
            if (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted') == 1):
                pass
                yield "Every firm figure is the one own-side respondent's score"
            else:
                pass
                yield 'Every firm figure is the mean of the '
                yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted')))
                yield " own-side respondents' scores"
        elif environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'partners'):
            pass
            yield 'every firm figure is the mean of all '
            yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'count')))
            yield " respondents' scores, the "
            yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'partners')))
            yield " from the partners' side included"
        else:
            pass
            yield 'every firm figure is the mean of the '
            yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'count')))
            yield " respondents' scores"
        if ((environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'agreement_status') == 'aggregate with caution') and (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted') > 1)):
            pass
            yield ', and their answers diverge strongly on '
            yield escape(environment.finalize(t_3(context.eval_ctx, environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'low_agreement'), ', ')))
            yield ': read those means with caution'
        yield ". Each respondent's own scores are on the Respondents page.</p>\n"
    yield '<flow name="headline"/>\n<flow name="overview"/>\n'
    if (t_4((undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions)) >= 3):
        pass
        yield '<h3>Profile at a glance</h3>\n'
        l_0_medians = t_5(context.eval_ctx, t_10(context, t_6(context, t_10(context, (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions), 'peer'), attribute='peer'), 'median'))
        context.vars['medians'] = l_0_medians
        context.exported_vars.add('medians')
        yield '<small>'
        if (undefined(name='scored_any') if l_0_scored_any is missing else l_0_scored_any):
            pass
            yield 'The shaded shape is '
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield "'s score on each dimension"
            if (undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient):
                pass
                yield ' (grey beside a dimension without a score: no data there, not a low score)'
        else:
            pass
            yield 'No dimension of '
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield ' could be scored, so there is no shape of its scores'
        yield '; the dashed line marks the score at which each target level begins'
        if ((undefined(name='peers') if l_0_peers is missing else l_0_peers) and (undefined(name='medians') if l_0_medians is missing else l_0_medians)):
            pass
            yield ', the dotted line the median of the peer group ('
            yield escape(environment.finalize(environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'size')))
            yield ' firms, rounded to 0.1; a dimension with too few comparable peers has none)'
        elif (undefined(name='peers') if l_0_peers is missing else l_0_peers):
            pass
            yield '; the peer group ('
            yield escape(environment.finalize(environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'size')))
            yield ' firms) is released as counts of firms per level only, so no median is drawn (the dimension pages show the counts)'
        yield '. Each ring marks the score where a maturity level starts, and the outermost the top of the scale.'
        if (not (undefined(name='peers') if l_0_peers is missing else l_0_peers)):
            pass
            yield ' There is no peer comparison: this edition of the report has no peer group.'
        yield '</small>\n<flow name="radar"/>\n'
    if ((undefined(name='strongest') if l_0_strongest is missing else l_0_strongest) or (undefined(name='weakest') if l_0_weakest is missing else l_0_weakest)):
        pass
        yield '<h3>Strengths and weaknesses</h3>\n'
        if (undefined(name='strongest') if l_0_strongest is missing else l_0_strongest):
            pass
            yield '<li><b>Strongest'
            if (undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient):
                pass
                yield ' of those scored'
            yield ':</b> '
            l_1_loop = missing
            for l_1_d, l_1_loop in LoopContext((undefined(name='strongest') if l_0_strongest is missing else l_0_strongest), undefined):
                _loop_vars = {}
                pass
                yield escape(environment.finalize(environment.getattr(l_1_d, 'title')))
                yield ' ('
                yield escape(environment.finalize(t_9(environment.getattr(l_1_d, 'score'))))
                yield ', level '
                yield escape(environment.finalize(environment.getattr(l_1_d, 'level')))
                yield ' '
                yield escape(environment.finalize(environment.getattr(l_1_d, 'level_name')))
                yield ')'
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield ', '
            l_1_loop = l_1_d = missing
            yield '.</li>\n'
        if (undefined(name='weakest') if l_0_weakest is missing else l_0_weakest):
            pass
            yield '<li><b>Weakest'
            if (undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient):
                pass
                yield ' of those scored'
            yield ':</b> '
            l_1_loop = missing
            for l_1_d, l_1_loop in LoopContext((undefined(name='weakest') if l_0_weakest is missing else l_0_weakest), undefined):
                _loop_vars = {}
                pass
                yield escape(environment.finalize(environment.getattr(l_1_d, 'title')))
                yield ' ('
                yield escape(environment.finalize(t_9(environment.getattr(l_1_d, 'score'))))
                yield ', level '
                yield escape(environment.finalize(environment.getattr(l_1_d, 'level')))
                yield ' '
                yield escape(environment.finalize(environment.getattr(l_1_d, 'level_name')))
                yield ')'
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield ', '
            l_1_loop = l_1_d = missing
            yield '.</li>\n'
        if (undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient):
            pass
            yield '<li><b>Not scored:</b> '
            yield escape(environment.finalize(t_3(context.eval_ctx, t_6(context, (undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient), attribute='title'), ' and ')))
            yield ' (too few answers): '
            yield escape(environment.finalize(('they are' if (t_4((undefined(name='insufficient') if l_0_insufficient is missing else l_0_insufficient)) > 1) else 'it is')))
            yield ' not compared here.</li>\n'
    if (undefined(name='rules') if l_0_rules is missing else l_0_rules):
        pass
        yield '<h3>What the answers point to</h3>\n'
        for l_1_rule in (undefined(name='rules') if l_0_rules is missing else l_0_rules):
            l_1_labels = resolve('labels')
            _loop_vars = {}
            pass
            yield '<callout kind="'
            yield escape(environment.finalize(environment.getattr(l_1_rule, 'kind')))
            yield '"><b>'
            yield escape(environment.finalize(environment.getattr(l_1_rule, 'title')))
            yield '.</b> '
            yield escape(environment.finalize(environment.getattr(l_1_rule, 'message')))
            if (environment.getattr(l_1_rule, 'source') or environment.getattr(l_1_rule, 'step')):
                pass
                yield ' <font size="7.5" color="#6B7280">('
                if environment.getattr(l_1_rule, 'source'):
                    pass
                    yield 'Source: '
                    yield escape(environment.finalize(environment.getattr(l_1_rule, 'source')))
                if (environment.getattr(l_1_rule, 'source') and environment.getattr(l_1_rule, 'step')):
                    pass
                    yield '; '
                if environment.getattr(l_1_rule, 'step'):
                    pass
                    yield escape(environment.finalize(environment.getattr((undefined(name='labels') if l_1_labels is missing else l_1_labels), 'roadmap_step')))
                    yield ' '
                    yield escape(environment.finalize(environment.getattr(l_1_rule, 'step')))
                yield ')</font>'
            yield '</callout>\n'
        l_1_rule = l_1_labels = missing
    yield '<h3>Three priorities</h3>\n'
    if (undefined(name='priorities') if l_0_priorities is missing else l_0_priorities):
        pass
        for l_1_p in (undefined(name='priorities') if l_0_priorities is missing else l_0_priorities):
            l_1_labels = resolve('labels')
            _loop_vars = {}
            pass
            yield '<li><b>'
            yield escape(environment.finalize(environment.getattr(l_1_p, 'title')))
            yield ':</b> '
            if environment.getattr(l_1_p, 'unscored'):
                pass
                yield escape(environment.finalize(environment.getattr((undefined(name='labels') if l_1_labels is missing else l_1_labels), 'check_first')))
                yield ' '
            yield escape(environment.finalize(environment.getattr(l_1_p, 'text')))
            if environment.getattr(l_1_p, 'because'):
                pass
                yield ' <i>Because: '
                yield escape(environment.finalize(environment.getattr(l_1_p, 'because')))
                yield '.</i>'
            yield '</li>\n'
        l_1_p = l_1_labels = missing
        yield '<small>'
        if ((undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap) and (environment.getattr(environment.getitem((undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 0), 'group') == 'table')):
            pass
            yield "The steps that follow from the level each dimension reached, ranked by the dimension's gap to target (this report comes from a scored table, which keeps no answers, so no step's own effect is known, and a step may name a practice already in place)"
        elif (undefined(name='all_targets_met') if l_0_all_targets_met is missing else l_0_all_targets_met):
            pass
            yield "Every dimension has reached its target level, so no step closes a gap to target: the steps that apply are ranked by how far they would raise their dimension's score, per unit of effort"
        else:
            pass
            yield 'The advice that applies to '
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield "'s answers, ranked by how much of a dimension's gap to its target it would close if the practices it addresses reached a score of "
            yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'sound_text')))
            yield ', per unit of effort'
        yield '; the full roadmap, with horizons and owners, is at the end of the report.</small>\n'
    else:
        pass
        yield '<p>'
        if (not (undefined(name='advises') if l_0_advises is missing else l_0_advises)):
            pass
            yield 'No advice to give: the rubric holds no advice for its practices or levels.'
        elif (not t_5(context.eval_ctx, t_10(context, (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions), 'ok'))):
            pass
            yield 'No advice to give: no dimension could be scored.'
        else:
            pass
            yield 'No advice applies: every practice the rubric scores is in place at '
            yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'in_place')))
            yield ', or its advice does not fit the answers given.'
        yield '</p>\n'

blocks = {}
debug_info = '3=102&4=105&6=113&7=116&8=119&9=141&11=150&13=165&14=168&16=183&17=186&19=199&20=201&21=205&22=261&23=264&25=274&26=277&30=316&32=319&33=323&36=352&38=355&39=358&41=379&42=382&44=403&45=406&48=410&50=413&51=418&55=442&56=444&57=449&59=464&61=481'
# generated from report_templates/report_summary.j2 by amc_assess.report.compile_templates
