from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_dimension.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_d = resolve('d')
    l_0_scale = resolve('scale')
    l_0_firm = resolve('firm')
    l_0_min_answered_share = resolve('min_answered_share')
    l_0_peers = resolve('peers')
    l_0_roadmap = resolve('roadmap')
    l_0_respondents = resolve('respondents')
    try:
        t_1 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    try:
        t_2 = environment.filters['gap']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'gap' found.")
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
        t_5 = environment.filters['pct']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'pct' found.")
    try:
        t_6 = environment.filters['score']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'score' found.")
    try:
        t_7 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<h1>'
    yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
    yield '</h1>\n<small>'
    yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'description')))
    yield '</small>\n<flow name="tiles"/>\n<flow name="scale"/>\n'
    if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'ok'):
        pass
        if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'items_available') and (environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'shows'), 'in_place') or environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'shows'), 'gaps'))):
            pass
            yield '<h3>What your answers show</h3>\n'
            if environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'shows'), 'in_place'):
                pass
                yield '<p><b>In place</b> (practices scoring '
                yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'in_place')))
                yield '):</p>\n'
                for l_1_row in environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'shows'), 'in_place'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(environment.finalize(environment.getattr(l_1_row, 'text')))
                    if (environment.getattr(l_1_row, 'text') and (environment.getitem(environment.getattr(l_1_row, 'text'), -1) not in '.?!:')):
                        pass
                        yield '.'
                    yield ' <i>Answer: '
                    yield escape(environment.finalize((environment.getattr(l_1_row, 'answer') or markup_join(('score ', environment.getattr(l_1_row, 'score'), )))))
                    yield '.</i></li>\n'
                l_1_row = missing
            if environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'shows'), 'gaps'):
                pass
                yield '<p><b>Gaps</b> (practices scoring '
                yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'gaps')))
                yield '):</p>\n'
                for l_1_row in environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'shows'), 'gaps'):
                    _loop_vars = {}
                    pass
                    yield '<li>'
                    yield escape(environment.finalize(environment.getattr(l_1_row, 'text')))
                    if (environment.getattr(l_1_row, 'text') and (environment.getitem(environment.getattr(l_1_row, 'text'), -1) not in '.?!:')):
                        pass
                        yield '.'
                    yield ' <i>Answer: '
                    yield escape(environment.finalize((environment.getattr(l_1_row, 'answer') or markup_join(('score ', environment.getattr(l_1_row, 'score'), )))))
                    yield '.</i></li>\n'
                l_1_row = missing
        if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'descriptor'):
            pass
            yield '<h3>Level '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'level')))
            yield ', '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'level_name')))
            yield ': the typical picture</h3>\n<p>'
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'descriptor')))
            yield '</p>\n<small>This is how firms at this level usually work'
            if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'items_available'):
                pass
                yield '; '
                yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
                yield "'s own answers are above and in the table below"
            yield '.</small>\n'
        else:
            pass
            yield '<h3>Level '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'level')))
            yield ', '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'level_name')))
            yield '</h3>\n'
        if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'top_level'):
            pass
            yield '<p>This is the highest level of the scale.</p>\n'
        elif (not t_7(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'gap_to_next'))):
            pass
            yield '<p>The score is <b>'
            yield escape(environment.finalize(t_6(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'score'))))
            yield '</b>; <b>'
            yield escape(environment.finalize(t_2(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'gap_to_next'))))
            yield '</b> more points would reach level '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'next_level')))
            yield ', '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'next_level_name')))
            yield '. '
            if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'gap_to_target') and (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'next_level') == environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'target'))):
                pass
                yield 'That is the target level.'
            elif environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'gap_to_target'):
                pass
                yield 'The target, level '
                yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'target')))
                yield ' ('
                yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'target_name')))
                yield '), begins at '
                yield escape(environment.finalize(t_6(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'target_score'))))
                yield ': '
                yield escape(environment.finalize(t_2(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'gap_to_target'))))
                yield ' points away.'
            else:
                pass
                yield 'The target level, '
                yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'target')))
                yield ' ('
                yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'target_name')))
                yield '), has been reached.'
            yield '</p>\n'
    else:
        pass
        yield '<callout kind="caution">Only '
        yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'answered')))
        yield ' of '
        yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'applicable')))
        yield ' applicable questions were answered ('
        yield escape(environment.finalize(t_5(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'answered_share'))))
        yield '), fewer than the '
        yield escape(environment.finalize(t_5((undefined(name='min_answered_share') if l_0_min_answered_share is missing else l_0_min_answered_share))))
        yield ' needed to score this dimension'
        if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'dont_know') or environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'not_answered')):
            pass
            yield ' ('
            if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'dont_know'):
                pass
                yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'dont_know')))
                yield ' answered "don\'t know", which counts as unanswered'
            if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'dont_know') and environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'not_answered')):
                pass
                yield '; '
            if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'not_answered'):
                pass
                yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'not_answered')))
                yield ' not answered at all'
            yield ')'
        yield '. Collect the missing answers to obtain a score.</callout>\n'
    if (undefined(name='peers') if l_0_peers is missing else l_0_peers):
        pass
        yield '<h3>Against the peer group</h3>\n'
        if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer') and (not t_7(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'median')))):
            pass
            yield "<p>Peer firms' scores on "
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
            yield ': median <b>'
            yield escape(environment.finalize(t_1('%.1f', environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'median'))))
            yield '</b>, middle half from '
            yield escape(environment.finalize(t_1('%.1f', environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'q1'))))
            yield ' to '
            yield escape(environment.finalize(t_1('%.1f', environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'q3'))))
            yield ' ('
            yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'peers')))
            yield ' firms with a score; figures rounded to 0.1).'
            if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'ok') and environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'phrase')):
                pass
                yield ' '
                yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
                yield "'s score lies in "
                yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'phrase')))
                yield '.'
            yield '</p>\n<flow name="percentile"/>\n'
        elif (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer') and environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'levels')):
            pass
            yield '<p>Only '
            yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'peers')))
            yield ' firms of the peer group have a comparable score on '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
            yield ': too few for a median or quartiles, so the group is shown only by maturity level: '
            l_1_loop = missing
            for (l_1_lv, l_1_n), l_1_loop in LoopContext(environment.call(context, environment.getattr(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'levels'), 'items')), undefined):
                _loop_vars = {}
                pass
                yield 'level '
                yield escape(environment.finalize(l_1_lv))
                yield ': '
                yield escape(environment.finalize(l_1_n))
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield '; '
            l_1_loop = l_1_lv = l_1_n = missing
            yield '.'
            if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'ok') and environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'phrase')):
                pass
                yield ' '
                yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
                yield ' is at '
                yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'peer'), 'phrase')))
                yield '.'
            yield '</p>\n'
        elif (not environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'ok')):
            pass
            yield '<p>'
            yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
            yield ' has no score on '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
            yield ' (too few answers), so it is not placed against its peers here.</p>\n'
        else:
            pass
            yield '<p>The peer group has no comparable figures for this dimension.</p>\n'
    if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'ok') and environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'advice')):
        pass
        yield '<h3>What to do next</h3>\n'
        if (t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'advice')) > 3):
            pass
            yield '<small>The three steps of highest priority; '
            yield escape(environment.finalize((t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'advice')) - 3)))
            yield ' more for '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
            yield ' '
            yield escape(environment.finalize(('are' if (t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'advice')) > 4) else 'is')))
            yield ' in the roadmap.</small>\n'
        for l_1_a in environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'advice')[:3]:
            l_1_labels = resolve('labels')
            _loop_vars = {}
            pass
            yield '<li>'
            if environment.getattr(l_1_a, 'unscored'):
                pass
                yield '<b>'
                yield escape(environment.finalize(environment.getattr((undefined(name='labels') if l_1_labels is missing else l_1_labels), 'check_first')))
                yield '</b> '
            yield escape(environment.finalize(environment.getattr(l_1_a, 'text')))
            yield ' <font color="#6B7280">('
            if environment.getattr(l_1_a, 'because'):
                pass
                yield escape(environment.finalize(environment.getattr(l_1_a, 'because')))
                yield '; '
            yield 'priority '
            yield escape(environment.finalize(environment.getattr(l_1_a, 'rank')))
            yield ' of '
            yield escape(environment.finalize(t_4((undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap))))
            yield ', effort '
            yield escape(environment.finalize(environment.getattr(l_1_a, 'effort_word')))
            yield ', '
            yield escape(environment.finalize(environment.getattr(l_1_a, 'horizon')))
            yield ')</font></li>\n'
        l_1_a = l_1_labels = missing
        if ((undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap) and (environment.getattr(environment.getitem((undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 0), 'group') == 'table')):
            pass
            yield '<small>From a scored table, which keeps no answers: these steps follow from the level reached, and one may name a practice already in place.</small>\n'
    elif (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'ok') and environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'items_available')):
        pass
        yield '<h3>What to do next</h3>\n<p>'
        if (environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'advises') and environment.getattr(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'shows'), 'gaps')):
            pass
            yield 'The rubric gives no step for the gaps above: their practices carry no advice of their own, and none of its recommendations for this level applies to the answers given.'
        elif environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'advises'):
            pass
            yield 'No advice applies here: the practices the rubric scores in '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
            yield ' are in place, or their advice does not fit the answers given.'
        else:
            pass
            yield 'The rubric holds no advice for the practices or levels of '
            yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
            yield '.'
        yield '</p>\n'
    yield '<h2>Results by practice</h2>\n'
    if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'items_available'):
        pass
        yield '<small>Practices are numbered as the summary and the roadmap cite them ('
        yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
        yield ' 1, '
        yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'title')))
        yield ' 2, ...). Each practice scores '
        yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'low_text')))
        yield ' (lowest) to '
        yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'high_text')))
        yield ' (highest); its color is that of the whole score it has reached, not of the nearest one. A dash means the question was answered "don\'t know", did not apply, was not asked or was left unanswered; it does not count against the score.'
        if (undefined(name='respondents') if l_0_respondents is missing else l_0_respondents):
            pass
            if (environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'counted') == 1):
                pass
                yield " Each practice score is the one own-side respondent's."
            else:
                pass
                yield ' Each practice score is the mean of the '
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
                yield '.'
        yield '</small>\n<flow name="items"/>\n'
        if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'unaudited'):
            pass
            yield '<small>Not in the table: '
            yield escape(environment.finalize(t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'unaudited'))))
            yield ' practice'
            yield escape(environment.finalize(('s' if (t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'unaudited')) != 1) else cond_expr_undefined("the inline if-expression on line 70 in 'report_dimension.j2' evaluated to false and no else section was defined."))))
            yield ' measured from a relationship audit of who works with whom across the partners ('
            yield escape(environment.finalize(t_3(context.eval_ctx, environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'unaudited'), '; ')))
            yield '). No audit was given for this report, so '
            yield escape(environment.finalize(('they are' if (t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'unaudited')) != 1) else 'it is')))
            yield ' not assessed and do'
            yield escape(environment.finalize(('es' if (t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'unaudited')) == 1) else cond_expr_undefined("the inline if-expression on line 70 in 'report_dimension.j2' evaluated to false and no else section was defined."))))
            yield " not count against the score; a report made with the audit's ties (--network) scores "
            yield escape(environment.finalize(('them' if (t_4(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'unaudited')) != 1) else 'it')))
            yield '.</small>\n'
    else:
        pass
        yield '<p>Item-level results are not available from a scored table: it holds the dimension results ('
        yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'answered')))
        yield ' of '
        yield escape(environment.finalize(environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'applicable')))
        yield ' applicable questions answered), not the practice scores. Report from the response files to see them.</p>\n'
    if environment.getattr((undefined(name='d') if l_0_d is missing else l_0_d), 'notes'):
        pass
        yield '<h3>Notes and evidence given</h3>\n<flow name="notes"/>\n'

blocks = {}
debug_info = '2=61&3=63&6=65&7=67&9=70&10=73&11=75&12=79&15=87&16=90&17=92&18=96&22=104&23=107&24=111&25=113&27=122&29=126&31=129&32=132&35=165&37=189&39=192&40=195&42=213&43=216&44=241&45=244&50=251&52=254&53=257&55=263&56=268&58=289&61=292&63=295&66=310&67=313&69=343&70=346&73=361&75=365'
# generated from report_templates/report_dimension.j2 by amc_assess.report.compile_templates
