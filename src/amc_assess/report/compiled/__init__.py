"""Report templates compiled ahead (amc_assess.report.compile_templates): generated, do not edit."""

JINJA = '3.1.6'
TAG = '5a96c1a1fc42'
SOURCES = {
    'report_cover.j2': '8d93b6f4ce05280ee4633c8c573dc653236d840402cd3504de2de5e935ec31a6',
    'report_dimension.j2': '2573cdf05c1091ebc4922ca5e6db74b2da51317330cc1f7a209efe59b791f957',
    'report_heatmap.j2': 'b17c8288b2aacba581aba135c8b08d84d0876d8fe3e39c966b7b8420df05cf5b',
    'report_labels.j2': '76fec19e7b1f2dbefca62569b6866d84c9b72f102d6f462c45be7760affd6625',
    'report_methodology.j2': '9de0616d2918cf3004bab65023e872c0289e598e5505ca28361c417c8a6d8ffa',
    'report_network.j2': 'c9800ff1357aae9f5c97e75de1dd15f65b27b21357282336aa3b3d8ab8fb5099',
    'report_profile.j2': 'ccf334ac9f0590aba7dd013fa6f83a39bef2218c12a32fc60491241f5f935314',
    'report_references.j2': '9e16872f5901c13c19b286897efe1f0aecb387786f45dad57a740c8a8f106140',
    'report_respondents.j2': 'e4adfca48a36085e9a318ed3202928386086c435b2dc320b6ca8e22ecc2190ac',
    'report_roadmap.j2': 'acb1beebca7be6b29c2ce745ea2531db3563dc80eed6da36c6ffc3d46d97df2d',
    'report_summary.j2': 'f930cd6c3af2e7b23e91783684566869adc95b06a647847dffe6cb5d96dd32fb',
    'report_trend.j2': '7c6f4785a75ba70193891b5ce615fd91bd49ac95949649b6636837f58aaea9ea',
}
