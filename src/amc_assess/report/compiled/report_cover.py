from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report_cover.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_report_title = resolve('report_title')
    l_0_firm = resolve('firm')
    l_0_overall = resolve('overall')
    l_0_overall_title = resolve('overall_title')
    l_0_scale = resolve('scale')
    l_0_date = resolve('date')
    l_0_assessor = resolve('assessor')
    l_0_respondent = resolve('respondent')
    l_0_respondent_role = resolve('respondent_role')
    l_0_partner_only = resolve('partner_only')
    l_0_respondents = resolve('respondents')
    l_0_consultant = resolve('consultant')
    l_0_consultancy = resolve('consultancy')
    l_0_peers = resolve('peers')
    l_0_peers_withheld = resolve('peers_withheld')
    l_0_generated = resolve('generated')
    l_0_instrument = resolve('instrument')
    l_0_rubric = resolve('rubric')
    try:
        t_1 = environment.filters['score']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'score' found.")
    pass
    yield '<subtitle>'
    yield escape(environment.finalize((undefined(name='report_title') if l_0_report_title is missing else l_0_report_title)))
    yield '</subtitle>\n<title>'
    yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
    yield '</title>\n<subtitle>Where the firm stands in managing its alliances, and what would move it up a level</subtitle>\n'
    if environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'ok'):
        pass
        yield '<subtitle><b>'
        yield escape(environment.finalize((undefined(name='overall_title') if l_0_overall_title is missing else l_0_overall_title)))
        yield ' '
        yield escape(environment.finalize(t_1(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'score'))))
        yield '</b> of '
        yield escape(environment.finalize(environment.getattr((undefined(name='scale') if l_0_scale is missing else l_0_scale), 'high_text')))
        yield ' · level '
        yield escape(environment.finalize(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'level')))
        yield ', '
        yield escape(environment.finalize(environment.getattr((undefined(name='overall') if l_0_overall is missing else l_0_overall), 'level_name')))
        yield '</subtitle>\n'
    yield '\n<meta><b>Assessment date:</b> '
    yield escape(environment.finalize(((undefined(name='date') if l_0_date is missing else l_0_date) or 'not recorded')))
    yield '</meta>\n'
    if (undefined(name='assessor') if l_0_assessor is missing else l_0_assessor):
        pass
        yield '<meta><b>Assessed by:</b> '
        yield escape(environment.finalize((undefined(name='assessor') if l_0_assessor is missing else l_0_assessor)))
        yield '</meta>\n'
    if (undefined(name='respondent') if l_0_respondent is missing else l_0_respondent):
        pass
        yield '<meta><b>Respondent:</b> '
        yield escape(environment.finalize((undefined(name='respondent') if l_0_respondent is missing else l_0_respondent)))
        if (undefined(name='respondent_role') if l_0_respondent_role is missing else l_0_respondent_role):
            pass
            yield ', '
            yield escape(environment.finalize((undefined(name='respondent_role') if l_0_respondent_role is missing else l_0_respondent_role)))
        if (undefined(name='partner_only') if l_0_partner_only is missing else l_0_partner_only):
            pass
            yield " (from the partner's side)"
        yield '</meta>\n'
    elif (undefined(name='respondents') if l_0_respondents is missing else l_0_respondents):
        pass
        yield '<meta><b>Respondents:</b> '
        yield escape(environment.finalize(environment.getattr((undefined(name='respondents') if l_0_respondents is missing else l_0_respondents), 'count')))
        if (undefined(name='partner_only') if l_0_partner_only is missing else l_0_partner_only):
            pass
            yield ", all from the partner's side"
        yield '</meta>\n'
    if (undefined(name='partner_only') if l_0_partner_only is missing else l_0_partner_only):
        pass
        yield "<meta><b>The partner's view:</b> every answer comes from the partner's side, not from "
        yield escape(environment.finalize((undefined(name='firm') if l_0_firm is missing else l_0_firm)))
        yield "'s own people</meta>\n"
    if (undefined(name='consultant') if l_0_consultant is missing else l_0_consultant):
        pass
        yield '<meta><b>Consultant:</b> '
        yield escape(environment.finalize((undefined(name='consultant') if l_0_consultant is missing else l_0_consultant)))
        if (undefined(name='consultancy') if l_0_consultancy is missing else l_0_consultancy):
            pass
            yield ', '
            yield escape(environment.finalize((undefined(name='consultancy') if l_0_consultancy is missing else l_0_consultancy)))
        yield '</meta>\n'
    yield '<meta><b>Peer group:</b> '
    if (undefined(name='peers') if l_0_peers is missing else l_0_peers):
        pass
        yield escape(environment.finalize(environment.getattr((undefined(name='peers') if l_0_peers is missing else l_0_peers), 'definition')))
    elif (undefined(name='peers_withheld') if l_0_peers_withheld is missing else l_0_peers_withheld):
        pass
        yield 'none: too few comparable firms to release peer figures without revealing one'
    else:
        pass
        yield 'none in this edition'
    yield '</meta>\n<meta><b>Report produced:</b> '
    yield escape(environment.finalize((undefined(name='generated') if l_0_generated is missing else l_0_generated)))
    yield '</meta>\n<small>Instrument '
    yield escape(environment.finalize(environment.getattr((undefined(name='instrument') if l_0_instrument is missing else l_0_instrument), 'id')))
    yield ' '
    yield escape(environment.finalize(environment.getattr((undefined(name='instrument') if l_0_instrument is missing else l_0_instrument), 'version')))
    yield ', rubric '
    yield escape(environment.finalize(environment.getattr((undefined(name='rubric') if l_0_rubric is missing else l_0_rubric), 'id')))
    yield ' '
    yield escape(environment.finalize(environment.getattr((undefined(name='rubric') if l_0_rubric is missing else l_0_rubric), 'version')))
    yield '. Every figure in this report is listed in the JSON record that accompanies it.</small>'

blocks = {}
debug_info = '2=36&3=38&5=40&6=43&9=54&10=56&11=59&13=61&14=64&15=73&16=76&18=81&19=84&21=86&22=89&24=96&25=106&26=108'
# generated from report_templates/report_cover.j2 by amc_assess.report.compile_templates
