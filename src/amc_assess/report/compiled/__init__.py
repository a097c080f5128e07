"""Report templates compiled ahead (amc_assess.report.compile_templates): generated, do not edit."""

JINJA = '3.1.6'
TAG = '5a96c1a1fc42'
SOURCES = {
    'report_cover.j2': '7c37c87e8fbbb64f1378e7448ade87a943846f3ef7734c7c087863bcb17043c3',
    'report_dimension.j2': 'd2578963e6e75950cbfed883b7a74144d54a2596a87fe32020a1dba6b0cfd17d',
    'report_heatmap.j2': 'b17c8288b2aacba581aba135c8b08d84d0876d8fe3e39c966b7b8420df05cf5b',
    'report_labels.j2': '76fec19e7b1f2dbefca62569b6866d84c9b72f102d6f462c45be7760affd6625',
    'report_methodology.j2': '7456f892d47fee144674cf8244074bf8cb1bdb1742df8b27665bb2b5176aa54b',
    'report_network.j2': '090b60d9954366dabb587170d444000fbc43a35922283da4efe15f7dfc74aee0',
    'report_profile.j2': 'ccf334ac9f0590aba7dd013fa6f83a39bef2218c12a32fc60491241f5f935314',
    'report_references.j2': '470c49809da7540b637e8738a3516d188e785d0275e8af8a539ae919d298d153',
    'report_respondents.j2': '70d25bbb5b75ad278bf51a62e01b5eee0c9451aca737b1f14bf7342bb390d9aa',
    'report_roadmap.j2': 'bf8928a521c5493ac64438bd1959ca15204efda2298c27416658ee728fb167e3',
    'report_summary.j2': '6cf122db9100f7b5dfc530a1e9afec0d105d4dfdaf8a8a35ec4e9bc734212435',
    'report_trend.j2': '7c6f4785a75ba70193891b5ce615fd91bd49ac95949649b6636837f58aaea9ea',
}
