from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_network.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_network = resolve('network')
    l_0_firm = resolve('firm')
    l_0_a = resolve('a')
    l_0_top = resolve('top')
    l_0_n = l_0_side_of = l_0_picked = l_0_names = l_0_pct1 = l_0_num = l_0_count = l_0_verb = l_0_people = l_0_all_of = l_0_deal = l_0_weak_only = l_0_r = missing
    try:
        t_1 = environment.filters['capitalize']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'capitalize' found.")
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
        t_5 = environment.filters['score']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'score' found.")
    try:
        t_6 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    l_0_n = (undefined(name='network') if l_0_network is missing else l_0_network)
    context.vars['n'] = l_0_n
    context.exported_vars.add('n')
    l_0_side_of = {'own': 'the own firm', 'partner': 'the partner'}
    context.vars['side_of'] = l_0_side_of
    context.exported_vars.add('side_of')
    l_0_picked = {'key_contacts': ('designated key contact', 'designated key contacts'), 'cut_points': ('cut point', 'cut points'), 'brokers': ('top broker', 'top brokers'), 'spanners': ('boundary spanner', 'boundary spanners'), 'counterparts': ('counterpart of a spanner at the other firm', 'counterparts of spanners at the other firm'), 'colleagues': ('close colleague of these', 'close colleagues of these')}
    context.vars['picked'] = l_0_picked
    context.exported_vars.add('picked')
    def macro(l_1_list, l_1_more):
        t_7 = []
        if l_1_list is missing:
            l_1_list = undefined("parameter 'list' was not provided", name='list')
        if l_1_more is missing:
            l_1_more = 0
        pass
        t_7.append(
            escape(environment.finalize(t_3(context.eval_ctx, l_1_list, ', '))),
        )
        if l_1_more:
            pass
            t_7.extend((
                ' and ',
                escape(environment.finalize(l_1_more)),
                ' more',
            ))
        return concat(t_7)
    context.exported_vars.add('names')
    context.vars['names'] = l_0_names = Macro(environment, macro, 'names', ('list', 'more'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_v):
        t_8 = []
        if l_1_v is missing:
            l_1_v = undefined("parameter 'v' was not provided", name='v')
        pass
        if t_6(l_1_v):
            pass
            t_8.append(
                '–',
            )
        else:
            pass
            t_8.extend((
                escape(environment.finalize(t_2('%.1f', (100 * l_1_v)))),
                '%',
            ))
        return concat(t_8)
    context.exported_vars.add('pct1')
    context.vars['pct1'] = l_0_pct1 = Macro(environment, macro, 'pct1', ('v',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_v):
        t_9 = []
        if l_1_v is missing:
            l_1_v = undefined("parameter 'v' was not provided", name='v')
        pass
        t_9.append(
            escape(environment.finalize(environment.call(context, environment.getattr('{:,}', 'format'), l_1_v))),
        )
        return concat(t_9)
    context.exported_vars.add('num')
    context.vars['num'] = l_0_num = Macro(environment, macro, 'num', ('v',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_k, l_1_one, l_1_many):
        t_10 = []
        if l_1_k is missing:
            l_1_k = undefined("parameter 'k' was not provided", name='k')
        if l_1_one is missing:
            l_1_one = undefined("parameter 'one' was not provided", name='one')
        if l_1_many is missing:
            l_1_many = undefined("parameter 'many' was not provided", name='many')
        pass
        t_10.extend((
            escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), l_1_k))),
            ' ',
            escape(environment.finalize((l_1_one if (l_1_k == 1) else l_1_many))),
        ))
        return concat(t_10)
    context.exported_vars.add('count')
    context.vars['count'] = l_0_count = Macro(environment, macro, 'count', ('k', 'one', 'many'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_k, l_1_one, l_1_many):
        t_11 = []
        if l_1_k is missing:
            l_1_k = undefined("parameter 'k' was not provided", name='k')
        if l_1_one is missing:
            l_1_one = undefined("parameter 'one' was not provided", name='one')
        if l_1_many is missing:
            l_1_many = undefined("parameter 'many' was not provided", name='many')
        pass
        t_11.append(
            escape(environment.finalize((l_1_one if (l_1_k == 1) else l_1_many))),
        )
        return concat(t_11)
    context.exported_vars.add('verb')
    context.vars['verb'] = l_0_verb = Macro(environment, macro, 'verb', ('k', 'one', 'many'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_k):
        t_12 = []
        if l_1_k is missing:
            l_1_k = undefined("parameter 'k' was not provided", name='k')
        pass
        t_12.append(
            escape(environment.finalize(environment.call(context, (undefined(name='count') if l_0_count is missing else l_0_count), l_1_k, 'person', 'people'))),
        )
        return concat(t_12)
    context.exported_vars.add('people')
    context.vars['people'] = l_0_people = Macro(environment, macro, 'people', ('k',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_k, l_1_what):
        t_13 = []
        if l_1_k is missing:
            l_1_k = undefined("parameter 'k' was not provided", name='k')
        if l_1_what is missing:
            l_1_what = undefined("parameter 'what' was not provided", name='what')
        pass
        if (l_1_k == 1):
            pass
            t_13.extend((
                'The only ',
                escape(environment.finalize(l_1_what)),
            ))
        elif (l_1_k == 2):
            pass
            t_13.extend((
                'Both ',
                escape(environment.finalize(l_1_what)),
                's',
            ))
        else:
            pass
            t_13.extend((
                'All ',
                escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), l_1_k))),
                ' ',
                escape(environment.finalize(l_1_what)),
                's',
            ))
        return concat(t_13)
    context.exported_vars.add('all_of')
    context.vars['all_of'] = l_0_all_of = Macro(environment, macro, 'all_of', ('k', 'what'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_w, l_1_total):
        t_14 = []
        if l_1_w is missing:
            l_1_w = undefined("parameter 'w' was not provided", name='w')
        if l_1_total is missing:
            l_1_total = undefined("parameter 'total' was not provided", name='total')
        pass
        if (l_1_w == 0):
            pass
            t_14.extend((
                'none of its ',
                escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), l_1_total))),
                ' deals',
            ))
        else:
            pass
            t_14.extend((
                escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), l_1_w))),
                ' of its ',
                escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), l_1_total))),
                ' ',
                escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), l_1_w, 'deals', 'deal'))),
            ))
        return concat(t_14)
    context.exported_vars.add('deal')
    context.vars['deal'] = l_0_deal = Macro(environment, macro, 'deal', ('w', 'total'), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_c):
        t_15 = []
        if l_1_c is missing:
            l_1_c = undefined("parameter 'c' was not provided", name='c')
        pass
        if (environment.getattr(l_1_c, 'ties') == 1):
            pass
            t_15.extend((
                'only by a single weak tie</b> (strength ',
                escape(environment.finalize(t_5(environment.getattr(l_1_c, 'mean_strength')))),
                ' of 5).',
            ))
        else:
            pass
            t_15.extend((
                'only by weak ties</b> (',
                escape(environment.finalize(environment.call(context, (undefined(name='count') if l_0_count is missing else l_0_count), environment.getattr(l_1_c, 'ties'), 'tie', 'ties'))),
                ', mean strength ',
                escape(environment.finalize(t_5(environment.getattr(l_1_c, 'mean_strength')))),
                ' of 5).',
            ))
        return concat(t_15)
    context.exported_vars.add('weak_only')
    context.vars['weak_only'] = l_0_weak_only = Macro(environment, macro, 'weak_only', ('c',), False, False, False, context.eval_ctx.autoescape)
    yield '<h1>Relationship audit</h1>\n<lead>Who works with whom in '
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield "'s alliance: "
    yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'people'))))
    yield ', '
    yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'by_side'), 'own'))))
    yield ' in the own firm and '
    yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'by_side'), 'partner'))))
    yield ' at the partner, '
    if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'respondents') == environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'people')):
        pass
        yield 'all of whom'
    else:
        pass
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'respondents'))))
        yield ' of whom'
    yield ' answered the audit. '
    if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'ties') == 0):
        pass
        yield 'There is no working tie between them.'
    elif (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'ties') == 1):
        pass
        yield 'Between them runs a single working tie, '
        yield escape(environment.finalize(('across the two firms' if environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cross_ties') else 'inside one firm')))
        yield '.'
    else:
        pass
        yield 'Between them run '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'ties'))))
        yield ' working ties, '
        if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cross_ties') == 0):
            pass
            yield 'none of them'
        elif (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cross_ties') == environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'ties')):
            pass
            yield escape(environment.finalize(('both' if (environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'ties') == 2) else 'all')))
            yield ' of them'
        else:
            pass
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cross_ties'))))
            yield ' of them'
        yield ' across the two firms.'
    yield '</lead>\n'
    if environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'answers'), 'few'):
        pass
        l_0_a = environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'answers')
        context.vars['a'] = l_0_a
        context.exported_vars.add('a')
        yield '<callout kind="caution"><b>Few people answered the audit: the picture rests on the answers of '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'respondents'))))
        yield ' of the '
        yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'people'))))
        yield '.</b> '
        if (environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'silent') == 1):
            pass
            yield 'The other person appears only through the ties others named: their own contacts are missing.'
        else:
            pass
            yield 'The other '
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'silent'))))
            yield ' appear only through the ties others named: their own contacts are missing.'
        yield ' Findings that someone is peripheral or has weak ties only may therefore be artefacts of the missing answers'
        if (environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'peripheral'), 'count') or environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'weak_seniors'), 'count')):
            pass
            yield '; among those who did not answer '
            yield escape(environment.finalize(('is' if ((environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'peripheral'), 'count') + environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'weak_seniors'), 'count')) == 1) else 'are')))
            yield ' '
            if environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'peripheral'), 'count'):
                pass
                yield escape(environment.finalize(environment.call(context, (undefined(name='count') if l_0_count is missing else l_0_count), environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'peripheral'), 'count'), 'peripheral person', 'peripheral people')))
                yield ' ('
                yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'peripheral'), 'names'), environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'peripheral'), 'more'))))
                yield ')'
            if (environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'peripheral'), 'count') and environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'weak_seniors'), 'count')):
                pass
                yield ' and '
            if environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'weak_seniors'), 'count'):
                pass
                yield escape(environment.finalize(environment.call(context, (undefined(name='count') if l_0_count is missing else l_0_count), environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'weak_seniors'), 'count'), 'senior executive', 'senior executives')))
                yield ' with weak ties only ('
                yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'weak_seniors'), 'names'), environment.getattr(environment.getattr((undefined(name='a') if l_0_a is missing else l_0_a), 'weak_seniors'), 'more'))))
                yield ')'
        yield '. Treat such findings as questions to check with the people concerned, and ask more people to answer before acting on them.</callout>\n'
    yield '<flow name="drawing"/>\n'
    if environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'drawing'), 'subset'):
        pass
        yield '<small>The drawing shows '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'drawing'), 'shown'))))
        yield ' of the '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'drawing'), 'total'))))
        yield ' people, the ones the findings turn on: '
        l_1_loop = missing
        for (l_1_kind, l_1_k), l_1_loop in LoopContext(environment.call(context, environment.getattr(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'drawing'), 'picked'), 'items')), undefined):
            _loop_vars = {}
            pass
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), l_1_k, _loop_vars=_loop_vars)))
            yield ' '
            yield escape(environment.finalize(environment.getitem(environment.getitem((undefined(name='picked') if l_0_picked is missing else l_0_picked), l_1_kind), (0 if (l_1_k == 1) else 1))))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_kind = l_1_k = missing
        yield ', with the ties among them. Only the key contacts, the largest cut points and the top brokers are named. Every figure below counts all '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'drawing'), 'total'))))
        yield ' people.</small>\n'
    else:
        pass
        yield "<small>Each mark is a person: the own firm on the left, the partner on the right, senior executives at the top, operational staff at the bottom. A line is a working tie; the thicker, darker lines are strong ties, the ones the alliance's work actually runs on."
        if (not environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'drawing'), 'named_all')):
            pass
            yield ' Only the key contacts, the largest cut points and the top brokers are named.'
        yield '</small>\n'
    yield '<h2>Core and periphery</h2>\n'
    if environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core'), 'count'):
        pass
        yield '<p>'
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core'), 'count'))))
        yield ' of the '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'people'))))
        yield ' people '
        yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core'), 'count'), 'forms', 'form')))
        yield ' the core of the network ('
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core'), 'own'))))
        yield ' in the own firm, '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core'), 'partner'))))
        yield ' at the partner): each has strong ties to at least '
        yield escape(environment.finalize(environment.call(context, (undefined(name='count') if l_0_count is missing else l_0_count), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core_k'), 'other', 'others')))
        yield ' in the core. '
        if (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'count') == 0):
            pass
            yield 'Nobody is peripheral.'
        else:
            pass
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'count'))))
            yield ' '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'count'), 'is', 'are')))
            yield ' peripheral ('
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'own'))))
            yield ' in the own firm, '
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'partner'))))
            yield ' at the partner)'
            if (environment.getattr(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'seniors'), 'count') == 1):
                pass
                yield ', among them the senior executive '
                yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'seniors'), 'names'))))
            elif environment.getattr(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'seniors'), 'count'):
                pass
                yield ', among them '
                yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'seniors'), 'count'))))
                yield ' senior executives: '
                yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'seniors'), 'names'), environment.getattr(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'seniors'), 'more'))))
            yield '.'
        yield '</p>\n'
        if environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'peripheral'), 'count'):
            pass
            yield "<p>Peripheral people hear of the alliance's work second-hand. Where they hold decisions, budgets or expertise the alliance needs, their distance from the core slows it down.</p>\n"
    else:
        pass
        yield '<p>The network has no core: nobody has strong ties to at least '
        yield escape(environment.finalize(environment.call(context, (undefined(name='count') if l_0_count is missing else l_0_count), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core_k'), 'other', 'others')))
        yield ' who are themselves closely tied. '
        if environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'strong_ties'):
            pass
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'strong_ties'))))
            yield ' of its '
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'ties'))))
            yield ' ties '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'strong_ties'), 'is', 'are')))
            yield " strong, but they form chains and pairs rather than a closely knit group: the alliance's daily work rests on one-to-one links, each lost when one person leaves."
        else:
            pass
            yield 'The alliance runs on occasional, weak contacts, and no group carries its work from day to day.'
        yield '</p>\n'
    yield '<h2>Boundary spanners</h2>\n'
    if environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'count'):
        pass
        yield '<p>'
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'count'))))
        yield ' '
        yield escape(environment.finalize(('person links' if (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'count') == 1) else 'people link')))
        yield ' the two firms, with strong ties both inside their own firm and to the other firm ('
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'own'))))
        yield ' in the own firm, '
        yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'partner'))))
        yield ' at the partner). By level: '
        l_1_loop = missing
        for l_1_s, l_1_loop in LoopContext(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'by_level'), undefined):
            _loop_vars = {}
            pass
            yield escape(environment.finalize(environment.getattr(l_1_s, 'level')))
            yield ' '
            yield escape(environment.finalize(environment.getattr(l_1_s, 'count')))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_s = missing
        yield '. '
        if (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'count') == 1):
            pass
            yield 'This is '
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'names'))))
            yield '.'
        elif (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'count') <= 12):
            pass
            yield 'They are '
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'names'))))
            yield '.'
        yield '</p>\n'
        if (environment.getattr(environment.getitem(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'by_level'), 0), 'count') == 0):
            pass
            yield '<p>No senior executive is among them: the highest level at which the firms are bridged is the '
            yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'top_level')))
            yield ' level'
            if (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'most_level') != environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'top_level')):
                pass
                yield ', and most of the spanners work at the '
                yield escape(environment.finalize(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'most_level')))
                yield ' level'
            yield '. '
            if (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'spanners'), 'top_level') == 'operational'):
                pass
                yield 'Day-to-day work is connected, but strategic questions have no strong route between the firms and depend on a handful of staff.'
            else:
                pass
                yield 'Plans can be coordinated, but strategic questions have no strong route between the top of the firms.'
            yield '</p>\n'
    else:
        pass
        yield '<p>Nobody links the two firms with strong ties on both sides. The firms work next to each other rather than together: what one learns does not reliably reach the other.</p>\n'
    yield '<h2>Coverage of the three levels</h2>\n<p>An alliance is held best when each level has its counterpart at the partner: senior executives anchor the goals and the commitment, middle managers coordinate plans and resources, operational staff do the daily work together. The table counts the ties between people of the same level in the two firms.</p>\n<flow name="coverage"/>\n'
    def t_16(fiter):
        for l_1_c in fiter:
            if (environment.getattr(l_1_c, 'status') != 'strong'):
                yield l_1_c
    t_17 = 1
    for l_1_c in t_16(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'coverage')):
        _loop_vars = {}
        pass
        if (environment.getattr(l_1_c, 'level') == 'senior'):
            pass
            yield '<li><b>'
            if (environment.getattr(l_1_c, 'status') == 'missing'):
                pass
                yield 'No senior-senior tie.</b>'
            else:
                pass
                yield 'The senior executives are linked '
                yield escape(environment.finalize(environment.call(context, (undefined(name='weak_only') if l_0_weak_only is missing else l_0_weak_only), l_1_c, _loop_vars=_loop_vars)))
            yield " The alliance's goals and commitment are not anchored at the top of the two firms, and disagreements have no established route upwards.</li>\n"
        elif (environment.getattr(l_1_c, 'level') == 'middle'):
            pass
            yield '<li><b>'
            if (environment.getattr(l_1_c, 'status') == 'missing'):
                pass
                yield 'No tie between the middle managers.</b>'
            else:
                pass
                yield 'The middle managers are linked '
                yield escape(environment.finalize(environment.call(context, (undefined(name='weak_only') if l_0_weak_only is missing else l_0_weak_only), l_1_c, _loop_vars=_loop_vars)))
            yield ' Plans, budgets and people are not coordinated between the firms at the level that allocates them.</li>\n'
        else:
            pass
            yield '<li><b>'
            if (environment.getattr(l_1_c, 'status') == 'missing'):
                pass
                yield 'No tie at the operational level.</b>'
            else:
                pass
                yield 'Operational staff are linked '
                yield escape(environment.finalize(environment.call(context, (undefined(name='weak_only') if l_0_weak_only is missing else l_0_weak_only), l_1_c, _loop_vars=_loop_vars)))
            yield ' The daily work cannot be settled directly; questions travel up and across through the managers.</li>\n'
        t_17 = 0
    l_1_c = missing
    if t_17:
        pass
        yield '<p>Every level has at least one strong tie to its counterpart at the partner.</p>\n'
    yield '<h2>Senior executives with weak ties</h2>\n'
    for l_1_s in environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'seniors'):
        _loop_vars = {}
        pass
        if (environment.getattr(l_1_s, 'total') == 0):
            pass
            yield '<li>'
            yield escape(environment.finalize(t_1(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_s, 'side')))))
            yield ' has no senior executive in the audit.</li>\n'
        elif environment.getattr(l_1_s, 'all_weak'):
            pass
            yield '<li><b>'
            yield escape(environment.finalize(environment.call(context, (undefined(name='all_of') if l_0_all_of is missing else l_0_all_of), environment.getattr(l_1_s, 'total'), 'senior executive', _loop_vars=_loop_vars)))
            yield ' of '
            yield escape(environment.finalize(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_s, 'side'))))
            yield ' '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(l_1_s, 'total'), 'has', 'have', _loop_vars=_loop_vars)))
            yield ' weak ties only</b> ('
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr(l_1_s, 'weak'), 'names'), environment.getattr(environment.getattr(l_1_s, 'weak'), 'more'), _loop_vars=_loop_vars)))
            yield '). Top management is not part of the working relationship: its commitment is not visible to the people doing the work, and decisions that need the top may stall.</li>\n'
        elif environment.getattr(environment.getattr(l_1_s, 'weak'), 'count'):
            pass
            yield '<li>'
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(environment.getattr(l_1_s, 'weak'), 'count'), _loop_vars=_loop_vars)))
            yield ' of the '
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(l_1_s, 'total'), _loop_vars=_loop_vars)))
            yield ' senior executives of '
            yield escape(environment.finalize(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_s, 'side'))))
            yield ' '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(environment.getattr(l_1_s, 'weak'), 'count'), 'has', 'have', _loop_vars=_loop_vars)))
            yield ' weak ties only ('
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr(l_1_s, 'weak'), 'names'), environment.getattr(environment.getattr(l_1_s, 'weak'), 'more'), _loop_vars=_loop_vars)))
            yield '); '
            yield escape(environment.finalize(('the other has' if ((environment.getattr(l_1_s, 'total') - environment.getattr(environment.getattr(l_1_s, 'weak'), 'count')) == 1) else 'the others have')))
            yield ' at least one strong tie. Where top management stays out of the working relationship, its commitment is less visible to the people doing the work.</li>\n'
        elif environment.getattr(environment.getattr(l_1_s, 'apart'), 'count'):
            pass
            yield '<li>'
            yield escape(environment.finalize(environment.call(context, (undefined(name='all_of') if l_0_all_of is missing else l_0_all_of), environment.getattr(l_1_s, 'total'), 'senior executive', _loop_vars=_loop_vars)))
            yield ' of '
            yield escape(environment.finalize(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_s, 'side'))))
            yield ' '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(l_1_s, 'total'), 'has', 'have', _loop_vars=_loop_vars)))
            yield ' at least one strong tie, but '
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(environment.getattr(l_1_s, 'apart'), 'names'), environment.getattr(environment.getattr(l_1_s, 'apart'), 'more'), _loop_vars=_loop_vars)))
            yield ' '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(environment.getattr(l_1_s, 'apart'), 'count'), 'stands', 'stand', _loop_vars=_loop_vars)))
            yield ' outside the core of the network: tied to the work through too few close contacts to be part of it, so the commitment of the top is less visible there than the tie suggests.</li>\n'
        else:
            pass
            yield '<li>'
            yield escape(environment.finalize(environment.call(context, (undefined(name='all_of') if l_0_all_of is missing else l_0_all_of), environment.getattr(l_1_s, 'total'), 'senior executive', _loop_vars=_loop_vars)))
            yield ' of '
            yield escape(environment.finalize(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_s, 'side'))))
            yield ' '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(l_1_s, 'total'), 'has', 'have', _loop_vars=_loop_vars)))
            yield ' at least one strong tie and '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(l_1_s, 'total'), 'belongs', 'belong', _loop_vars=_loop_vars)))
            yield " to the core of the network: top management there takes part in the alliance's work.</li>\n"
    l_1_s = missing
    yield '<h2>Turnover risk</h2>\n'
    if environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cut_points'), 'count'):
        pass
        l_0_top = environment.getitem(environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cut_points'), 'rows'), 0)
        context.vars['top'] = l_0_top
        context.exported_vars.add('top')
        yield '<p>'
        yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cut_points'), 'count'))))
        yield ' '
        yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cut_points'), 'count'), 'holds', 'hold')))
        yield ' parts of the network together: if '
        yield escape(environment.finalize(('this person leaves' if (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cut_points'), 'count') == 1) else 'one of them leaves')))
        yield ', others lose their only link to the rest of the alliance. '
        if (environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'cut_points'), 'count') == 1):
            pass
            yield escape(environment.finalize(environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'name')))
            yield ' ('
            yield escape(environment.finalize(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'side'))))
            yield ', '
            yield escape(environment.finalize(environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'level')))
            yield ' level) is the one: '
            yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'cut_off'))))
            yield ' would be cut off.'
        else:
            pass
            yield 'The largest such group: '
            yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'cut_off'))))
            yield ' would be cut off if '
            yield escape(environment.finalize(environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'name')))
            yield ' ('
            yield escape(environment.finalize(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'side'))))
            yield ', '
            yield escape(environment.finalize(environment.getattr((undefined(name='top') if l_0_top is missing else l_0_top), 'level')))
            yield ' level) left.'
        yield '</p>\n'
        for l_1_k in environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'key_risks'):
            _loop_vars = {}
            pass
            yield '<callout kind="caution"><b>'
            yield escape(environment.finalize(environment.getattr(l_1_k, 'name')))
            yield ' is the designated key contact of '
            yield escape(environment.finalize(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_k, 'side'))))
            yield ' and a cut point.</b> If '
            yield escape(environment.finalize(environment.getattr(l_1_k, 'name')))
            yield ' leaves, '
            yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr(l_1_k, 'cut_off'), _loop_vars=_loop_vars)))
            yield ' '
            yield escape(environment.finalize(environment.call(context, (undefined(name='verb') if l_0_verb is missing else l_0_verb), environment.getattr(l_1_k, 'cut_off'), 'loses', 'lose', _loop_vars=_loop_vars)))
            yield ' touch with the rest of the alliance'
            if environment.getattr(l_1_k, 'channel_goes'):
                pass
                yield ', and the channel to the other firm goes too'
            yield ': a continuity risk. Name a deputy, and give '
            yield escape(environment.finalize(('the person who depends' if (environment.getattr(l_1_k, 'cut_off') == 1) else 'the people who depend')))
            yield ' on '
            yield escape(environment.finalize(environment.getattr(l_1_k, 'name')))
            yield ' a second tie into the network.</callout>\n'
        l_1_k = missing
    else:
        pass
        yield '<p>No single departure would split the network: everybody can be reached along at least two routes.</p>\n'
    yield '<p>Betweenness measures how often a person lies on the shortest routes between two others. A route may run over any tie, strong or weak, but a strong tie counts as a shorter step than a weak one, so the shortest routes take strong ties where they can. The more routes pass through someone, the more the alliance slows down if they leave.'
    if environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'sampled'):
        pass
        yield ' In a network this large it is estimated from the routes starting at '
        yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'sampled'))))
        yield ' chosen at random.'
    yield '</p>\n<flow name="risk"/>\n<h2>Key contacts and channels to the partner</h2>\n'
    if (not environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'key_contacts_given')):
        pass
        yield '<p>The ties files do not say who the designated key contacts are (no key-contact columns), so the channels below are read from the ties alone; whether each firm has named a key contact is not known from the audit.</p>\n'
    yield '<flow name="channels"/>\n'
    for l_1_ch in environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'channels'):
        l_1_many = missing
        _loop_vars = {}
        pass
        l_1_many = (t_4(environment.getattr(l_1_ch, 'key_contacts')) > 1)
        _loop_vars['many'] = l_1_many
        if (environment.getattr(l_1_ch, 'style') == 'central'):
            pass
            yield '<li><b>'
            yield escape(environment.finalize(t_1(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_ch, 'side')))))
            yield ' channels its contact through '
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(l_1_ch, 'key_contacts'), _loop_vars=_loop_vars)))
            yield '</b>, who '
            yield escape(environment.finalize(('take' if (undefined(name='many') if l_1_many is missing else l_1_many) else 'takes')))
            yield ' part in '
            yield escape(environment.finalize(t_2('%.0f', (100 * environment.getattr(l_1_ch, 'key_share')))))
            yield '% of the ties between the firms. One channel keeps the message consistent, but it is slow and depends on '
            yield escape(environment.finalize(('few people' if (undefined(name='many') if l_1_many is missing else l_1_many) else 'one person')))
            yield '.</li>\n'
        elif (environment.getattr(l_1_ch, 'style') == 'bypassed'):
            pass
            yield '<li><b>'
            yield escape(environment.finalize(t_1(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_ch, 'side')))))
            yield ' designated '
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(l_1_ch, 'key_contacts'), _loop_vars=_loop_vars)))
            yield ' as key contact'
            yield escape(environment.finalize(('s' if (undefined(name='many') if l_1_many is missing else l_1_many) else cond_expr_undefined("the inline if-expression on line 96 in 'report_network.j2' evaluated to false and no else section was defined."))))
            yield '</b>, but '
            yield escape(environment.finalize(('they take' if (undefined(name='many') if l_1_many is missing else l_1_many) else 'this person takes')))
            yield ' part in only '
            yield escape(environment.finalize(t_2('%.0f', (100 * environment.getattr(l_1_ch, 'key_share')))))
            yield '% of the ties between the firms: '
            yield escape(environment.finalize(environment.call(context, (undefined(name='deal') if l_0_deal is missing else l_0_deal), environment.getattr(l_1_ch, 'with_partner_ties'), environment.getattr(l_1_ch, 'people'), _loop_vars=_loop_vars)))
            yield ' with the other firm directly. The formal channel is not the real one; the key contact should hear what the direct contacts agree.</li>\n'
        elif (environment.getattr(l_1_ch, 'style') == 'unused'):
            pass
            yield '<li><b>'
            yield escape(environment.finalize(t_1(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_ch, 'side')))))
            yield ' designated '
            yield escape(environment.finalize(environment.call(context, (undefined(name='names') if l_0_names is missing else l_0_names), environment.getattr(l_1_ch, 'key_contacts'), _loop_vars=_loop_vars)))
            yield ' as key contact'
            yield escape(environment.finalize(('s' if (undefined(name='many') if l_1_many is missing else l_1_many) else cond_expr_undefined("the inline if-expression on line 98 in 'report_network.j2' evaluated to false and no else section was defined."))))
            yield '</b>, but there is no tie between the firms at all: the channel exists on paper only.</li>\n'
        elif (not environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'key_contacts_given')):
            pass
            yield '<li><b>'
            yield escape(environment.finalize(t_1(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_ch, 'side')))))
            yield '</b>: '
            yield escape(environment.finalize(environment.call(context, (undefined(name='deal') if l_0_deal is missing else l_0_deal), environment.getattr(l_1_ch, 'with_partner_ties'), environment.getattr(l_1_ch, 'people'), _loop_vars=_loop_vars)))
            yield ' with the other firm directly.</li>\n'
        elif ((not t_6(environment.getattr(l_1_ch, 'direct_share'))) and (environment.getattr(l_1_ch, 'direct_share') >= 0.25)):
            pass
            yield '<li><b>'
            yield escape(environment.finalize(t_1(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_ch, 'side')))))
            yield ' has no designated key contact</b> and lets many people deal with the other firm directly: '
            yield escape(environment.finalize(environment.call(context, (undefined(name='num') if l_0_num is missing else l_0_num), environment.getattr(l_1_ch, 'with_partner_ties'), _loop_vars=_loop_vars)))
            yield ' of its '
            yield escape(environment.finalize(environment.call(context, (undefined(name='people') if l_0_people is missing else l_0_people), environment.getattr(l_1_ch, 'people'), _loop_vars=_loop_vars)))
            yield '. Many direct contacts make the relationship fast and robust to any one departure, but need shared goals and clear roles so that the firm speaks with one voice.</li>\n'
        else:
            pass
            yield '<li><b>'
            yield escape(environment.finalize(t_1(environment.getitem((undefined(name='side_of') if l_0_side_of is missing else l_0_side_of), environment.getattr(l_1_ch, 'side')))))
            yield ' has no designated key contact</b>, and '
            if environment.getattr(l_1_ch, 'with_partner_ties'):
                pass
                yield 'only '
            yield escape(environment.finalize(environment.call(context, (undefined(name='deal') if l_0_deal is missing else l_0_deal), environment.getattr(l_1_ch, 'with_partner_ties'), environment.getattr(l_1_ch, 'people'), _loop_vars=_loop_vars)))
            yield ' with the other firm. Nobody owns the relationship: name a key contact, so that the other firm knows whom to call.</li>\n'
    l_1_ch = l_1_many = missing
    yield '<h2>Density</h2>\n'
    l_0_r = environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'density'), 'reading')
    context.vars['r'] = l_0_r
    context.exported_vars.add('r')
    yield '<p>Of all the ties that could exist, '
    yield escape(environment.finalize(environment.call(context, (undefined(name='pct1') if l_0_pct1 is missing else l_0_pct1), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'density'), 'own'))))
    yield ' do within the own firm, '
    yield escape(environment.finalize(environment.call(context, (undefined(name='pct1') if l_0_pct1 is missing else l_0_pct1), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'density'), 'partner'))))
    yield ' within the partner and '
    yield escape(environment.finalize(environment.call(context, (undefined(name='pct1') if l_0_pct1 is missing else l_0_pct1), environment.getattr(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'density'), 'across'))))
    yield ' across the two firms. '
    if ((undefined(name='r') if l_0_r is missing else l_0_r) == 'far_sparser'):
        pass
        yield 'Ties across the firms are far sparser than within them: the alliance works as two groups joined by a few bridges, and each bridge counts.'
    elif ((undefined(name='r') if l_0_r is missing else l_0_r) == 'sparser'):
        pass
        yield 'Ties across the firms are clearly sparser than within them, roughly half as dense: the firms work together, but most working relationships stay inside each firm.'
    elif ((undefined(name='r') if l_0_r is missing else l_0_r) == 'similar'):
        pass
        yield 'The firms are about as closely tied to each other as within themselves: the people in the audit deal with the other firm about as much as with their own colleagues.'
    elif ((undefined(name='r') if l_0_r is missing else l_0_r) == 'denser'):
        pass
        yield 'Ties across the firms are denser than within them: the people in the audit deal more with the other firm than with their own colleagues.'
    yield "</p>\n<small>How the audit reads the ties: a tie's strength is the mean of how often two people deal with each other, how important and how close the relationship is (1 to 5; a tie named by both is averaged). A tie of strength "
    yield escape(environment.finalize(environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'strong')))
    yield ' or more is strong. The core is what remains after repeatedly removing people with fewer than '
    yield escape(environment.finalize(environment.call(context, (undefined(name='count') if l_0_count is missing else l_0_count), environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'core_k'), 'strong tie', 'strong ties')))
    yield ' to the rest. Source: '
    yield escape(environment.finalize(t_3(context.eval_ctx, environment.getattr((undefined(name='n') if l_0_n is missing else l_0_n), 'sources'), ', ')))
    yield '.</small>'

blocks = {}
debug_info = '4=52&5=55&6=58&7=61&8=81&9=100&10=111&11=128&12=143&13=154&14=186&15=212&17=237&18=279&19=281&20=285&23=320&24=323&26=344&29=349&30=352&31=389&35=395&38=410&39=413&40=444&41=447&49=466&50=474&51=477&52=485&53=488&55=499&61=513&62=516&63=519&64=521&65=524&66=532&67=535&68=547&69=550&71=563&75=573&76=575&77=579&78=607&79=611&84=634&87=640&91=644&92=648&93=650&94=653&95=663&96=666&97=678&98=681&99=687&100=690&101=694&102=697&104=706&108=715&109=719&110=738'
# generated from report_templates/report_network.j2 by amc_assess.report.compile_templates
