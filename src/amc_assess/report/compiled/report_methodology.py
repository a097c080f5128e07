from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_methodology.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_instrument = resolve('instrument')
    l_0_rubric = resolve('rubric')
    l_0_scale = resolve('scale')
    l_0_agreement_steps = resolve('agreement_steps')
    l_0_min_answered_share = resolve('min_answered_share')
    l_0_require_all_dimensions = resolve('require_all_dimensions')
    l_0_respondents = resolve('respondents')
    l_0_firm = resolve('firm')
    l_0_network = resolve('network')
    l_0_network_measures = resolve('network_measures')
    l_0_targets = resolve('targets')
    l_0_progress_explanation = resolve('progress_explanation')
    l_0_peers = resolve('peers')
    l_0_dc = resolve('dc')
    l_0_peers_withheld = resolve('peers_withheld')
    l_0_history = resolve('history')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['pct']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'pct' found.")
    pass
    yield '<h1>Methodology</h1>\n<h3>Instrument and rubric</h3>\n<p>The answers were collected with <b>'
    yield escape(environment.finalize(environment.getattr((undefined(name='instrument') if l_0_instrument is missing else l_0_instrument), 'title')))
    yield '</b> (instrument '
    yield escape(environment.finalize(environment.getattr((undefined(name='instrument') if l_0_instrument is missing else l_0_instrument), 'id')))
    yield ', version '
    yield escape(environment.finalize(environment.getattr((undefined(name='instrument') if l_0_instrument is missing else l_0_instrument), 'version')))
    yield ') and scored with rubric '
    yield escape(environment.finalize(environment.getattr((undefined(name='rubric') if l_0_rubric is missing else l_0_rubric), 'id')))
    yield ', version '
    yield escape(environment.finalize(environment.getattr((undefined(name='rubric') if l_0_rubric is missing else l_0_rubric), 'version')))
    yield '. Each practice receives a '
    if (environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'whole') and (not (undefined(name='agreement_steps') if l_0_agreement_steps is missing else l_0_agreement_steps))):
        pass
        yield 'whole '
    yield 'score from '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'low_text')))
    yield ' to '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'high_text')))
    yield ': agreement statements '
    if (undefined(name='agreement_steps') if l_0_agreement_steps is missing else l_0_agreement_steps):
        pass
        yield 'placed evenly on that range ('
        l_1_loop = missing
        for l_1_s, l_1_loop in LoopContext((undefined(name='agreement_steps') if l_0_agreement_steps is missing else l_0_agreement_steps), undefined):
            _loop_vars = {}
            pass
            yield escape(environment.finalize(environment.getattr(l_1_s, 'points')))
            yield '-point answers '
            yield escape(environment.finalize(environment.getattr(l_1_s, 'step')))
            yield ' apart'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_s = missing
        yield ')'
    else:
        pass
        yield 'as answered'
    yield ' (statements worded in reverse are turned around), yes/no and multiple-choice answers through the rubric\'s table, and numbers through its bands. A dimension\'s score is the weighted mean of its scored practices; the overall index is the weighted mean of the dimensions.</p>\n<h3>Missing answers</h3>\n<p>An answer of "don\'t know" counts as missing: it lowers the answered share but is never scored as a low answer. Questions marked not applicable, and questions skipped because an earlier answer made them irrelevant, are left out altogether. A dimension needs at least '
    yield escape(environment.finalize(t_3((undefined(name='min_answered_share') if l_0_min_answered_share is missing else l_0_min_answered_share))))
    yield ' of its applicable questions answered to be scored; otherwise it is reported as insufficient data'
    if (undefined(name='require_all_dimensions') if l_0_require_all_dimensions is missing else l_0_require_all_dimensions):
        pass
        yield ', and the overall index is then not computed'
    yield '.</p>\n<flow name="answered"/>\n'
    if (undefined(name='respondents') if l_0_respondents is missing else l_0_respondents):
        pass
        yield '<h3>Several respondents</h3>\n<p>'
        yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'count')))
        yield ' people answered for '
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'own_side'):
            pass
            yield ', '
            yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'partners')))
            yield " of them from its alliance partners' side (their view of "
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield ' is compared on the Respondents page)'
        yield ', and each response was scored on its own as described above. '
        if (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted') == 1):
            pass
            yield "Every firm figure in this report is the one own-side respondent's score."
        else:
            pass
            yield 'Every firm figure in this report is the mean of the '
            yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted')))
            yield ' '
            if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'own_side'):
                pass
                yield 'own-side '
            yield "respondents' scores: a dimension's score is the mean of the respondents' dimension scores (respondents without a score for it are left out), the overall index is the weighted mean of those dimension scores, as for one response, and each level is read from the firm's score with the thresholds below. A practice's score in the dimension tables is the respondents' mean score on it"
            if environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'whole'):
                pass
                yield ', rounded to a whole point'
            else:
                pass
                yield ' (to two decimals)'
            yield ", so a dimension's score need not equal the weighted mean of the practice scores shown. Answered and applicable questions are counted over "
            if environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'own_side'):
                pass
                yield 'these'
            else:
                pass
                yield 'all'
            yield ' respondents. An insight is listed when it applied to at least half of them.'
        yield " Agreement within the firm is measured with rwg(j) per dimension; below 0.7 the firm's mean should be read with caution.</p>\n"
    if ((undefined(name='network') if l_0_network is missing else l_0_network) or (undefined(name='network_measures') if l_0_network_measures is missing else l_0_network_measures)):
        pass
        yield '<h3>Relationship audit</h3>\n'
        if (undefined(name='network') if l_0_network is missing else l_0_network):
            pass
            yield '<p>The relationship audit ('
            yield escape(environment.finalize(environment.getattr((undefined(name='network') if l_0_network is missing else l_0_network), 'people')))
            yield ' people, '
            yield escape(environment.finalize(environment.getattr((undefined(name='network') if l_0_network is missing else l_0_network), 'ties')))
            yield ' ties) is analyzed in its own section.'
            if (undefined(name='network_measures') if l_0_network_measures is missing else l_0_network_measures):
                pass
                yield ' The rubric also scores '
                yield escape(environment.finalize(t_2((undefined(name='network_measures') if l_0_network_measures is missing else l_0_network_measures))))
                yield " network measures computed from it as practices of their dimensions (for example the share of the three levels joined across the partners by a strong tie): each is a share from 0 to 1, turned into a score through the rubric's bands, and its dimension's table shows its value."
            yield '</p>\n'
        else:
            pass
            yield "<p>No relationship audit was supplied. The rubric's "
            yield escape(environment.finalize(t_2((undefined(name='network_measures') if l_0_network_measures is missing else l_0_network_measures))))
            yield ' network measures (such as the share of the three levels joined across the partners by a strong tie) are left out of their dimensions, which are scored from the answers alone.</p>\n'
    yield '<h3>Maturity levels</h3>\n<p>A score places the dimension on one of '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'levels_word')))
    yield ' levels, at the thresholds below.</p>\n<flow name="levels"/>\n<h3>Target levels and progress</h3>\n<p>The target levels in this report are '
    yield escape(environment.finalize(environment.getattr((undefined(name='targets') if l_0_targets is missing else l_0_targets), 'said')))
    yield '. '
    yield escape(environment.finalize((undefined(name='progress_explanation') if l_0_progress_explanation is missing else l_0_progress_explanation)))
    yield '</p>\n<h3>Peer group</h3>\n'
    if (undefined(name='peers') if l_0_peers is missing else l_0_peers):
        pass
        yield '<p>'
        yield escape(environment.finalize(environment.call(context, environment.getattr(environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'definition'), 'rstrip'), '.')))
        yield '.'
        if environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'as_of'):
            pass
            yield ' The report sets them beside '
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield "'s assessment of "
            yield escape(environment.finalize(environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'as_of')))
            yield '.'
        if environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'filters'):
            pass
            yield ' Selection: '
            l_1_loop = missing
            for (l_1_k, l_1_v), l_1_loop in LoopContext(environment.call(context, environment.getattr(environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'filters'), 'items')), undefined):
                _loop_vars = {}
                pass
                yield escape(environment.finalize(l_1_k))
                yield ' = '
                yield escape(environment.finalize(l_1_v))
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield '; '
            l_1_loop = l_1_k = l_1_v = missing
            yield '.'
        yield " The figures are the whole group's"
        if environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'firm_counted'):
            pass
            yield ', '
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield ' among them'
        yield ', so that every firm of the group, and anyone asking about it, gets the same figures: two answers never differ by one firm.</p>\n'
        l_0_dc = environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'disclosure')
        context.vars['dc'] = l_0_dc
        context.exported_vars.add('dc')
        yield '<h3>How the peer firms are protected</h3>\n<p>The peer firms gave their scores on the promise that no reader of a benchmark could learn them, so the peer figures in this report are released under disclosure control, the way statistics offices publish tables (Hundepool et al. 2012). No figure comes from a group in which a firm has fewer than '
        yield escape(environment.finalize((environment.getattr((undefined(name='dc') if l_0_dc is missing else l_0_dc), 'min_peers') if (undefined(name='dc') if l_0_dc is missing else l_0_dc) else 5)))
        yield ' peers beside it. Where a firm has fewer than '
        yield escape(environment.finalize((environment.getattr((undefined(name='dc') if l_0_dc is missing else l_0_dc), 'levels_only_below') if (undefined(name='dc') if l_0_dc is missing else l_0_dc) else 10)))
        yield " peers with a comparable score beside it, only the number of firms at each maturity level is shown. From there on, the median and quartiles (linear interpolation between the firms' scores, type 7 of Hyndman &amp; Fan 1996) are rounded to "
        yield escape(environment.finalize((environment.getattr((undefined(name='dc') if l_0_dc is missing else l_0_dc), 'rounding') if (undefined(name='dc') if l_0_dc is missing else l_0_dc) else 0.1)))
        yield " before anything else is drawn from them: the box plots, the radar's median line and the firm's position, which is the band between the rounded cut points that holds its score (quarters of the group; fifths from 40 firms, tenths from 100), never an exact rank. A practice's peer median needs 10 peers beside any one firm and is rounded the same way. Group sizes are given as bands ("
        yield escape(environment.finalize(environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'size')))
        yield ' firms here), and peer groups come from a fixed menu (all firms; industry; revenue band; region; industry with revenue band or with region) rather than any combination of filters.'
        if ((undefined(name='dc') if l_0_dc is missing else l_0_dc) and environment.getattr((undefined(name='dc') if l_0_dc is missing else l_0_dc), 'difference_rule')):
            pass
            yield ' The assessment store records every benchmark query (who, when, which group), and '
            yield escape(environment.finalize(environment.getattr((undefined(name='dc') if l_0_dc is missing else l_0_dc), 'difference_rule')))
            if environment.getattr((undefined(name='dc') if l_0_dc is missing else l_0_dc), 'answered_from'):
                pass
                yield ': these figures come from such an earlier group ('
                yield escape(environment.finalize(environment.getattr((undefined(name='dc') if l_0_dc is missing else l_0_dc), 'answered_from')))
                yield ')'
            yield '.'
        yield "</p>\n<p><b>What a reader can infer:</b> the rounded quartiles of the group, how many peer firms are at each maturity level in a small group (and so that group's exact size), and whether a given score lies above or below a printed cut point. <b>What a reader cannot infer:</b> any single peer firm's score, its rank or its identity, nor the exact size of a group shown by quartiles; placing made-up scores against the group reveals nothing beyond the printed cut points, because the position is worked out from them alone. The protection has limits: a reader who already knows the exact scores of all the other firms in a group could narrow down the last one, and in a group shown by levels a reader who knows who the firms are may learn a firm's maturity level.</p>\n"
    else:
        pass
        if (undefined(name='peers_withheld') if l_0_peers_withheld is missing else l_0_peers_withheld):
            pass
            yield "<p>No peer group: a benchmark was asked for, but too few comparable firms matched to release any peer figure without revealing a single firm's scores (each firm needs at least five peers beside it). This report compares the firm with its own target levels only; a wider peer group, or more assessments in the store, would give positions among similar firms.</p>\n"
        else:
            pass
            yield '<p>No peer group: this report compares the firm with its own target levels only. Positions among similar firms appear once a peer benchmark is available.</p>\n'
    yield '<h3>History</h3>\n'
    if (undefined(name='history') if l_0_history is missing else l_0_history):
        pass
        yield '<p>The page Progress over time draws on '
        yield escape(environment.finalize(environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'count')))
        yield ' assessments of this firm ('
        yield escape(environment.finalize(t_1(context.eval_ctx, environment.getattr((undefined(name='history') if l_0_history is missing else l_0_history), 'labels'), ', ')))
        yield ').</p>\n'
    else:
        pass
        yield '<p>No earlier assessment of this firm was supplied, so the report has no page on progress over time.</p>\n'
    yield '<h3>Traceability</h3>\n<p>A JSON record beside this PDF lists every score shown here, the instrument and rubric versions, the peer-group definition and a SHA-256 hash of each input file, so any figure can be traced back and computed again.</p>'

blocks = {}
debug_info = '4=46&6=84&8=90&10=93&12=131&14=134&15=137&17=150&21=153&24=155&26=159&27=162&28=193&30=197&33=218&40=225&41=228'
# generated from report_templates/report_methodology.j2 by amc_assess.report.compile_templates
