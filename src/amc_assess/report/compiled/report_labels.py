from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_labels.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_report_title = resolve('report_title')
    l_0_firm = resolve('firm')
    l_0_consultancy = resolve('consultancy')
    l_0_assessor = resolve('assessor')
    l_0_dimension_words = resolve('dimension_words')
    l_0_footer = resolve('footer')
    l_0_draft = resolve('draft')
    l_0_scale = resolve('scale')
    l_0_overall_title = resolve('overall_title')
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
        t_3 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    yield 'pdf_title: '
    yield escape(environment.finalize((undefined(name='report_title') if l_0_report_title is missing else l_0_report_title)))
    yield ': '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield '\npdf_author: '
    yield escape(environment.finalize((((undefined(name='consultancy') if l_0_consultancy is missing else l_0_consultancy) or (undefined(name='assessor') if l_0_assessor is missing else l_0_assessor)) or 'amc-assess')))
    yield '\npdf_subject: Maturity of '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield ' in '
    yield escape(environment.finalize(t_1(context.eval_ctx, (undefined(name='dimension_words') if l_0_dimension_words is missing else l_0_dimension_words)[:-1], ', ')))
    if (t_2((undefined(name='dimension_words') if l_0_dimension_words is missing else l_0_dimension_words)) > 1):
        pass
        yield ' and '
    yield escape(environment.finalize(environment.getitem((undefined(name='dimension_words') if l_0_dimension_words is missing else l_0_dimension_words), -1)))
    yield ', with next steps\npdf_keywords: alliance management capability, maturity assessment, benchmark\nheader_left: '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield '\nheader_right: '
    yield escape(environment.finalize((undefined(name='report_title') if l_0_report_title is missing else l_0_report_title)))
    yield '\nfooter: '
    yield escape(environment.finalize(((undefined(name='footer') if l_0_footer is missing else l_0_footer) or (markup_join(('Prepared by ', (undefined(name='consultancy') if l_0_consultancy is missing else l_0_consultancy), ' for ', (undefined(name='firm') if l_0_firm is missing else l_0_firm), )) if (undefined(name='consultancy') if l_0_consultancy is missing else l_0_consultancy) else markup_join(('Confidential: prepared for ', (undefined(name='firm') if l_0_firm is missing else l_0_firm), ))))))
    yield '\ncover_brand: '
    yield escape(environment.finalize(((undefined(name='consultancy') if l_0_consultancy is missing else l_0_consultancy) or '')))
    yield '\ndraft: '
    yield escape(environment.finalize((markup_join(('DRAFT: incomplete (', (markup_join((environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'drafts'), ' of ', environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'respondents'), ' respondents did not finish', )) if ((environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'respondents') > 1) and environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'drafts')) else environment.getattr((undefined(name='draft') if l_0_draft is missing else l_0_draft), 'detail')), ')', )) if (t_3((undefined(name='draft') if l_0_draft is missing else l_0_draft)) and (undefined(name='draft') if l_0_draft is missing else l_0_draft)) else '')))
    yield '\npage: Page\ncontents: Contents\nof: of\nlegend_firm: '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield '\nlegend_peer_median: Peer median\nlegend_target: Target\npeer_band: Peers, middle half\naxis_score: Score ('
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'low_text')))
    yield ' to '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'high_text')))
    yield ')\npercentile_caption: Position among peers: {band} (the band of peer scores, between rounded cut points, that holds this score)\noverall_index: '
    yield escape(environment.finalize((undefined(name='overall_title') if l_0_overall_title is missing else l_0_overall_title)))
    yield '\noverall_short: Overall\ninsufficient: Insufficient data\nstatus_ok: Scored\nnot_scored: –\nlevel_word: level\ntrend_real_improvement: real rise\ntrend_real_decline: real fall\ntrend_within_noise: within noise\ntrend_no_change: no change\ntrend_level_changed_within_noise: level changed, within noise\nroadmap_step: roadmap step\nfinding_word: finding\ncheck_first: Find out first whether this is already done; if it is not:\nnot_asked: Not asked\nnot_answered: Not answered\nanonymous: (unnamed)\nevidence: Evidence\ncaution: caution\ncol_dimension: Dimension\ncol_score: Score\ncol_level: Level\ncol_target: Target level\ncol_gap_to_target: Gap to target\ncol_percent_to_target: Progress to target\ncol_percentile: Peer position\ncol_practice: Practice assessed\ncol_answer: Answer\ncol_question: Question\ncol_item_score: Score\ncol_note: Note from the respondent\ncol_rank: #\ncol_recommendation: Recommended step\ncol_answered: Answered\ncol_answered_all: Answered (total)\ncol_applicable: Applicable\ncol_answered_share: Answered share\ncol_status: Status\ncol_from_score: From score\ncol_group: Group\ncol_respondents: Respondents\ncol_respondent: Respondent\ncol_side_level: Side and level\ncol_lowest: Lowest\ncol_highest: Highest\ncol_range: Range\ncol_sd: Std. dev.\ncol_rwg: Agreement rwg(j)\ncol_groups: Groups compared\ncol_means: Means\ncol_gap: Gap [95% interval]\ncol_verdict: Verdict\nside: Side\nlevel: Level\nside_own: own firm\nside_partner: partner\nside_not_stated: not stated\nlevel_senior: senior\nlevel_middle: middle\nlevel_operational: operational\nlevel_not_stated: not stated\nnet_own: Own firm\nnet_partner: Partner\nnet_header: {side}: {count} people\nnet_core: Core (filled)\nnet_peripheral: Peripheral (hollow)\nnet_senior: Senior\nnet_middle: Middle\nnet_operational: Operational\nnet_strong: Strong tie (strength {threshold} or more)\nnet_weak: Weak tie\nnet_key_contact: Designated key contact\nnet_cut_point: Cut point: leaving splits the network\nnet_status_missing: missing\nnet_status_weak: weak ties only\nnet_status_weak_one: one weak tie only\nnet_status_strong: strong ties\nnet_status_strong_one: one strong tie\nnet_role_key: key contact\nnet_role_spanner: boundary spanner\nnet_role_core: core\nnet_role_peripheral: peripheral\ncol_cross_ties: Ties across the firms\ncol_strong_ties: Strong\ncol_mean_strength: Mean strength\ncol_reading: Reading\ncol_person: Person\ncol_cut_off: People cut off\ncol_betweenness: Betweenness\ncol_role: Role\ncol_people: People\ncol_direct: Deal with the other firm\ncol_key_contacts: Designated key contacts\ncol_key_share: Share of cross-firm ties\nlegend_no_score: No score (insufficient data)\nlegend_peer_middle_half: Middle half of peers (Q1 to Q3)\nheatmap_practice: Practice\nheatmap_score: Score\nheatmap_peers: Peers\nheatmap_dimension_score: Dimension score {score}\nheatmap_legend_score: Practice score, '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'low_text')))
    yield ' (lowest) to '
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'high_text')))
    yield " (highest):\nheatmap_no_score: no score (don't know, not applicable, not asked)\nheatmap_legend_peer: median of the peer firms\ncol_horizon: Horizon (effort)\ncol_effect: Effect\ncol_owner: Owner"

blocks = {}
debug_info = '3=39&4=43&5=45&7=53&8=55&9=57&10=59&11=61&15=63&19=65&21=69&121=71'
# generated from report_templates/report_labels.j2 by amc_assess.report.compile_templates
