"""Report templates compiled ahead (amc_assess.report.compile_templates): generated, do not edit."""

JINJA = '3.1.6'
TAG = '5a96c1a1fc42'
SOURCES = {
    'report_cover.j2': 'ea281206d204a9759bf5aee3567090c757461acd1eb249107db8c2581a5c7b15',
    'report_dimension.j2': '4fe2d09c6b7064794022f0feb3588a76872bbe41b23421247db7e40dcf949f37',
    'report_heatmap.j2': 'ee869345733d3be847b3ca1444fb4073202885c432a60dc73d8ab367a731fde4',
    'report_labels.j2': '76fec19e7b1f2dbefca62569b6866d84c9b72f102d6f462c45be7760affd6625',
    'report_methodology.j2': 'a760c969d672356aba15b2e4f03e4f7b2bbd552ed732667271e7f84283047d08',
    'report_network.j2': 'c9800ff1357aae9f5c97e75de1dd15f65b27b21357282336aa3b3d8ab8fb5099',
    'report_profile.j2': 'ccf334ac9f0590aba7dd013fa6f83a39bef2218c12a32fc60491241f5f935314',
    'report_references.j2': '9e16872f5901c13c19b286897efe1f0aecb387786f45dad57a740c8a8f106140',
    'report_respondents.j2': '91946addf56e18c8936048f626abb2774bc6c88fb5eee9287069891452c1a33e',
    'report_roadmap.j2': 'c11ddc05f3a515a9796d16f4cd1fa18fc463806fc89c8573f28be14913f24130',
    'report_summary.j2': 'e30487b8d3062eb4e847132ec7654a42907c7ecdf29e31fafe4d7658a6934b57',
    'report_trend.j2': '7c6f4785a75ba70193891b5ce615fd91bd49ac95949649b6636837f58aaea9ea',
}
