from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_roadmap.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_roadmap = resolve('roadmap')
    l_0_scale = resolve('scale')
    l_0_dimensions = resolve('dimensions')
    l_0_gapped = resolve('gapped')
    l_0_unscorable = resolve('unscorable')
    l_0_named = resolve('named')
    l_0_unnamed = resolve('unnamed')
    l_0_all_targets_met = resolve('all_targets_met')
    l_0_advises = resolve('advises')
    l_0_targets = resolve('targets')
    l_0_gap = l_0_unmeasured = l_0_further = l_0_check = l_0_table = missing
    try:
        t_1 = environment.filters['gap']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'gap' found.")
    try:
        t_2 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_3 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_4 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_5 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_6 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_7 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_8 = environment.filters['unique']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No filter named 'unique' found.")
    pass
    l_0_gap = t_4(context.eval_ctx, t_7(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'group', 'equalto', 'gap'))
    context.vars['gap'] = l_0_gap
    context.exported_vars.add('gap')
    l_0_unmeasured = t_4(context.eval_ctx, t_7(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'group', 'equalto', 'unmeasured'))
    context.vars['unmeasured'] = l_0_unmeasured
    context.exported_vars.add('unmeasured')
    l_0_further = t_4(context.eval_ctx, t_7(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'group', 'equalto', 'further'))
    context.vars['further'] = l_0_further
    context.exported_vars.add('further')
    l_0_check = t_4(context.eval_ctx, t_7(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'group', 'equalto', 'check'))
    context.vars['check'] = l_0_check
    context.exported_vars.add('check')
    l_0_table = t_4(context.eval_ctx, t_7(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'group', 'equalto', 'table'))
    context.vars['table'] = l_0_table
    context.exported_vars.add('table')
    yield "<h1>Roadmap</h1>\n<p>Every recommendation of this report, and the advice of every finding, once each, in order of priority. A step is ranked by its expected effect, the part of its dimension's gap to the target level that would close if the practices it addresses reached a score of "
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'sound_text')))
    yield ' (in score points, the unit of the gap), divided by its effort (small, medium, large). '
    if t_4(context.eval_ctx, t_7(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'findings')):
        pass
        yield "Where a finding's advice is given by a step about the same practices, that step names the finding instead of repeating it. "
    yield 'The horizon follows from the effort: small steps within 6 months, medium within 6 to 12, large within 12 to 24. The owner column is for the consultant and the client to fill'
    if t_4(context.eval_ctx, t_7(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'owner')):
        pass
        yield ' (owners given here come from the owners file)'
    yield '.</p>\n'
    if (undefined(name='gap') if l_0_gap is missing else l_0_gap):
        pass
        yield '<h2>Steps that close a gap to target</h2>'
        l_0_gapped = t_4(context.eval_ctx, t_7(context, t_7(context, (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions), 'ok'), 'gap_to_target'))
        context.vars['gapped'] = l_0_gapped
        context.exported_vars.add('gapped')
        yield '<p>'
        if (t_3((undefined(name='gap') if l_0_gap is missing else l_0_gap)) == 1):
            pass
            yield 'Step 1'
        else:
            pass
            yield 'Steps 1 to '
            yield escape(environment.finalize(t_3((undefined(name='gap') if l_0_gap is missing else l_0_gap))))
        yield '; the gaps they work on, in score points: '
        l_1_loop = missing
        for l_1_d, l_1_loop in LoopContext((undefined(name='gapped') if l_0_gapped is missing else l_0_gapped), undefined):
            _loop_vars = {}
            pass
            yield escape(environment.finalize(environment.getattr(l_1_d, 'title')))
            yield ' '
            yield escape(environment.finalize(t_1(environment.getattr(l_1_d, 'gap_to_target'))))
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
            else:
                pass
                yield '.'
        l_1_loop = l_1_d = missing
        yield ' Each effect is what its step would close on its own: the effects of several steps in one dimension can add up to more than its gap, which together they close at most.</p>\n<flow name="roadmap_gap"/>\n'
    if (undefined(name='unmeasured') if l_0_unmeasured is missing else l_0_unmeasured):
        pass
        yield '<h2>Steps in a dimension that could not be scored</h2>'
        l_0_unscorable = t_4(context.eval_ctx, t_8(environment, t_5(context, (undefined(name='unmeasured') if l_0_unmeasured is missing else l_0_unmeasured), attribute='title')))
        context.vars['unscorable'] = l_0_unscorable
        context.exported_vars.add('unscorable')
        yield '<p>Too few questions were answered in '
        yield escape(environment.finalize(t_2(context.eval_ctx, (undefined(name='unscorable') if l_0_unscorable is missing else l_0_unscorable), ' and ')))
        yield ' to score '
        if (t_3((undefined(name='unscorable') if l_0_unscorable is missing else l_0_unscorable)) > 1):
            pass
            yield 'them, so their gaps'
        else:
            pass
            yield 'it, so its gap'
        yield ' to target '
        if (t_3((undefined(name='unscorable') if l_0_unscorable is missing else l_0_unscorable)) > 1):
            pass
            yield 'are'
        else:
            pass
            yield 'is'
        yield ' not known and '
        if (t_3((undefined(name='unmeasured') if l_0_unmeasured is missing else l_0_unmeasured)) > 1):
            pass
            yield 'these steps have'
        else:
            pass
            yield 'this step has'
        yield ' no effect figure. '
        if (t_3((undefined(name='unmeasured') if l_0_unmeasured is missing else l_0_unmeasured)) > 1):
            pass
            yield 'They address'
        else:
            pass
            yield 'It addresses'
        yield ' practices that were answered and scored low; collecting the missing answers comes first.</p>\n<flow name="roadmap_unmeasured"/>\n'
    if (undefined(name='further') if l_0_further is missing else l_0_further):
        pass
        yield '<h2>Further steps</h2>'
        l_0_named = t_4(context.eval_ctx, t_7(context, (undefined(name='further') if l_0_further is missing else l_0_further), 'named'))
        context.vars['named'] = l_0_named
        context.exported_vars.add('named')
        l_0_unnamed = t_4(context.eval_ctx, t_6(context, (undefined(name='further') if l_0_further is missing else l_0_further), 'named'))
        context.vars['unnamed'] = l_0_unnamed
        context.exported_vars.add('unnamed')
        yield '<p>'
        if (undefined(name='named') if l_0_named is missing else l_0_named):
            pass
            if (undefined(name='all_targets_met') if l_0_all_targets_met is missing else l_0_all_targets_met):
                pass
                yield 'Every target has been met, so no step closes a gap (effect 0.00): '
                if (t_3((undefined(name='named') if l_0_named is missing else l_0_named)) > 1):
                    pass
                    yield 'these steps are'
                else:
                    pass
                    yield 'this step is'
                yield ' ranked by how far '
                if (t_3((undefined(name='named') if l_0_named is missing else l_0_named)) > 1):
                    pass
                    yield 'they'
                else:
                    pass
                    yield 'it'
                yield ' would raise '
                if (t_3((undefined(name='named') if l_0_named is missing else l_0_named)) > 1):
                    pass
                    yield 'their'
                else:
                    pass
                    yield 'its'
                yield " dimension's score beyond its target, per effort (the grey figure under the effect)."
            elif (t_3((undefined(name='named') if l_0_named is missing else l_0_named)) > 1):
                pass
                yield escape(environment.finalize(t_3((undefined(name='named') if l_0_named is missing else l_0_named))))
                yield ' steps close no gap to target (effect 0.00): their dimension has reached its target, so they are ranked by how far they would raise its score further, per effort (the grey figure under the effect).'
            else:
                pass
                yield 'One step closes no gap to target (effect 0.00): its dimension has reached its target; the grey figure under the effect is how far it would raise the score further.'
        if (undefined(name='unnamed') if l_0_unnamed is missing else l_0_unnamed):
            pass
            if (undefined(name='named') if l_0_named is missing else l_0_named):
                pass
                yield ' '
            if (t_3((undefined(name='unnamed') if l_0_unnamed is missing else l_0_unnamed)) > 1):
                pass
                yield escape(environment.finalize(t_3((undefined(name='unnamed') if l_0_unnamed is missing else l_0_unnamed))))
                yield ' steps name'
            else:
                pass
                yield 'One step names'
            yield " no single practice (a finding's advice, or a recommendation for the level reached), so "
            if (t_3((undefined(name='unnamed') if l_0_unnamed is missing else l_0_unnamed)) > 1):
                pass
                yield 'their'
            else:
                pass
                yield 'its'
            yield ' effect on the gap to target cannot be worked out (a dash), whatever that gap is: '
            if (t_3((undefined(name='unnamed') if l_0_unnamed is missing else l_0_unnamed)) > 1):
                pass
                yield 'they come'
            else:
                pass
                yield 'it comes'
            yield ' after the steps whose effect is known.'
        yield '</p>\n<flow name="roadmap_further"/>\n'
    if (undefined(name='check') if l_0_check is missing else l_0_check):
        pass
        yield '<h2>Find out first</h2>\n<p>'
        if (t_3((undefined(name='check') if l_0_check is missing else l_0_check)) > 1):
            pass
            yield 'Each of these steps addresses a practice that was answered "don\'t know" (any other it addresses is in place), so whether it is needed is not known until someone checks; they have no effect figure.'
        else:
            pass
            yield 'This step addresses a practice that was answered "don\'t know" (any other it addresses is in place), so whether it is needed is not known until someone checks; it has no effect figure.'
        yield '</p>\n<flow name="roadmap_check"/>\n'
    if (undefined(name='table') if l_0_table is missing else l_0_table):
        pass
        yield '<h2>Steps for the dimensions\' levels</h2>\n<p>This report was made from a scored table, which keeps each dimension\'s score but not the answers to its questions, so no step\'s own effect is known (the effect column shows a dash) and no answer is quoted beside it. The steps follow from the level each dimension reached and the findings, and are ranked by their dimension\'s gap to target, largest first, then in the rubric\'s order. Without the answers, a step may name a practice that is already in place: check each against the answers before planning it, or report from the response files, where such steps are left out.</p>\n<flow name="roadmap_table"/>\n'
    if (not (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap)):
        pass
        yield '<p>No steps to list: '
        if (not (undefined(name='advises') if l_0_advises is missing else l_0_advises)):
            pass
            yield 'the rubric holds no advice for its practices or levels'
        elif (not t_4(context.eval_ctx, t_7(context, (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions), 'ok'))):
            pass
            yield 'no dimension could be scored'
        else:
            pass
            yield 'no advice applies to the answers given'
        yield '.</p>\n'
    yield '<h2>Progress to target</h2>\n<p>The maturity-level steps from level 1 to each target level that have been completed, per dimension (a dimension reads 100% only at its target level), and the gap to the target in score points. Target levels: '
    yield escape(environment.finalize(environment.getattr((undefined(name='targets') if l_0_targets is missing else l_0_targets), 'said')))
    yield '.</p>\n<flow name="progress"/>'

blocks = {}
debug_info = '4=70&5=73&6=76&7=79&8=82&10=86&11=96&13=99&14=103&17=126&19=129&20=133&23=163&25=166&26=169&27=173&30=234&32=237&35=244&40=247&41=250&44=261'
# generated from report_templates/report_roadmap.j2 by amc_assess.report.compile_templates
