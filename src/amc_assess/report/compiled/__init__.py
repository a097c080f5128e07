"""Report templates compiled ahead (amc_assess.report.compile_templates): generated, do not edit."""

JINJA = '3.1.6'
TAG = '5a96c1a1fc42'
SOURCES = {
    'report_cover.j2': '7c37c87e8fbbb64f1378e7448ade87a943846f3ef7734c7c087863bcb17043c3',
    'report_dimension.j2': '109c539e6d5252da369fd5ce9a620c03593dec2e37013bc4afd9c0f9bb585baa',
    'report_heatmap.j2': 'b17c8288b2aacba581aba135c8b08d84d0876d8fe3e39c966b7b8420df05cf5b',
    'report_labels.j2': '76fec19e7b1f2dbefca62569b6866d84c9b72f102d6f462c45be7760affd6625',
    'report_methodology.j2': 'e54dcf3b71c599b0c8f5a84de2c448240be8121368044bcc403bc23c966549c4',
    'report_network.j2': '55a20ff771332702cfe1612c9b6e672697bb2041f29627ba2c4948739213f9b4',
    'report_profile.j2': 'ccf334ac9f0590aba7dd013fa6f83a39bef2218c12a32fc60491241f5f935314',
    'report_references.j2': '470c49809da7540b637e8738a3516d188e785d0275e8af8a539ae919d298d153',
    'report_respondents.j2': '70d25bbb5b75ad278bf51a62e01b5eee0c9451aca737b1f14bf7342bb390d9aa',
    'report_roadmap.j2': 'bf8928a521c5493ac64438bd1959ca15204efda2298c27416658ee728fb167e3',
    'report_summary.j2': '6cf122db9100f7b5dfc530a1e9afec0d105d4dfdaf8a8a35ec4e9bc734212435',
    'report_trend.j2': '7c6f4785a75ba70193891b5ce615fd91bd49ac95949649b6636837f58aaea9ea',
}
