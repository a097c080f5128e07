from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_references.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_references = resolve('references')
    pass
    yield '<h1>References</h1>\n<small>The questions, scoring rules and methods of this report draw on the following works, listed by author. The text cites by author and year those its methods and findings rest on; the questionnaire and the rubric name the source of every question and rule, and each entry below says what rests on it.</small>\n'
    for l_1_ref in (undefined(name='references') if l_0_references is missing else l_0_references):
        _loop_vars = {}
        pass
        yield '<p><b>'
        yield escape(environment.finalize(environment.getattr(l_1_ref, 'key')))
        yield '</b>: '
        yield escape(environment.finalize(environment.getattr(l_1_ref, 'citation')))
        if environment.getattr(l_1_ref, 'used'):
            pass
            yield ' <i>Basis of '
            yield escape(environment.finalize(environment.getattr(l_1_ref, 'used')))
            yield '.</i>'
        yield '</p>\n'
    l_1_ref = missing

blocks = {}
debug_info = '4=13&5=17'
# generated from report_templates/report_references.j2 by amc_assess.report.compile_templates
