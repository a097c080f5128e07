from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_roadmap.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_scale = resolve('scale')
    l_0_all_targets_met = resolve('all_targets_met')
    l_0_roadmap = resolve('roadmap')
    l_0_advises = resolve('advises')
    l_0_dimensions = resolve('dimensions')
    l_0_targets = resolve('targets')
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['rejectattr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'rejectattr' found.")
    try:
        t_3 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    yield "<h1>Roadmap</h1>\n<p>Every recommendation of this report, and the advice of every finding, once each, in order of priority. A step is ranked by its expected effect, the part of its dimension's gap to the target level that would close if the practices it addresses reached a score of "
    yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'sound_text')))
    yield ', divided by its effort (small, medium, large). '
    if (undefined(name='all_targets_met') if l_0_all_targets_met is missing else l_0_all_targets_met):
        pass
        yield "Every target has been met, so no step closes a gap (effect 0.00): the steps are ranked by how far they would raise their dimension's score beyond its target, per effort (the grey figure under the effect)."
    elif t_1(context.eval_ctx, t_3(context, t_3(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'effect', 'equalto', 0), 'gain')):
        pass
        yield 'A step in a dimension that has reached its target closes no gap (effect 0.00); such steps follow the others, ranked by how far they would raise the score beyond the target, per effort (the grey figure under the effect).'
    yield ' '
    if t_1(context.eval_ctx, t_3(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'findings')):
        pass
        yield "Where a finding's advice is given by a step about the same practices, that step names the finding instead of repeating it."
    if t_1(context.eval_ctx, t_3(context, t_2(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'unscored'), 'effect', 'none')):
        pass
        yield "A step in a dimension that could not be scored (too few answers) has no effect figure, as that dimension's gap is not known; such steps follow the steps that close a known gap."
    yield ' '
    if t_1(context.eval_ctx, t_3(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'unscored')):
        pass
        yield 'Steps marked "find out first" come last and have no effect figure: a practice they address was answered "don\'t know" (and any other is in place), so whether the step is needed is not known until someone checks.'
    yield ' The horizon follows from the effort: small steps within 6 months, medium within 6 to 12, large within 12 to 24. The owner column is for the consultant and the client to fill'
    if t_1(context.eval_ctx, t_3(context, (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap), 'owner')):
        pass
        yield ' (owners given here come from the owners file)'
    yield '.</p>\n<flow name="roadmap"/>\n'
    if (not (undefined(name='roadmap') if l_0_roadmap is missing else l_0_roadmap)):
        pass
        yield '<p>No steps to list: '
        if (not (undefined(name='advises') if l_0_advises is missing else l_0_advises)):
            pass
            yield 'the rubric holds no advice for its practices or levels'
        elif (not t_1(context.eval_ctx, t_3(context, (undefined(name='dimensions') if l_0_dimensions is missing else l_0_dimensions), 'ok'))):
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
debug_info = '3=36&5=60&6=63&9=74'
# generated from report_templates/report_roadmap.j2 by amc_assess.report.compile_templates
