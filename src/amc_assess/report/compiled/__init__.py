"""Report templates compiled ahead (amc_assess.report.compile_templates): generated, do not edit."""

JINJA = '3.1.6'
TAG = '2fa42d43a026'
SOURCES = {
    'report_cover.j2': '21cc50119654fae4dad69d63ead48b111dfa3b0c9d4e225ffd76c9c1f7df9085',
    'report_dimension.j2': '1bc73ded1fb883b0e4b61292ab261193e0e59f6cf46aa0193aaaab2e807e2962',
    'report_heatmap.j2': '0d7d6296af0d01a5040ba966cf433972fe486b10d90059d37f78ddad893d31f1',
    'report_labels.j2': '6a168ee966f619bbfeec8306193ec97575f035cdc2e138545308d7f19c6c5ef0',
    'report_methodology.j2': 'ee141011cea7b24de7bb30fc1f3a4ef87f1851bc1fb121948b6b45a53960d00c',
    'report_network.j2': '55a20ff771332702cfe1612c9b6e672697bb2041f29627ba2c4948739213f9b4',
    'report_profile.j2': 'ccf334ac9f0590aba7dd013fa6f83a39bef2218c12a32fc60491241f5f935314',
    'report_references.j2': 'ddcd4817d58a1c4a3475c69997d7f1e4475088d9535c56b7df1739eab1cfbbb2',
    'report_respondents.j2': 'b8cb4717bc5bafe280e81140055b6179876155b7371ef3c87d64d045859fd4b9',
    'report_roadmap.j2': '6667b3227d2ef4af9f5d82e276268252f130f2504c0348f1e75395d21921d0ed',
    'report_summary.j2': '31abe88379e0c708362a1176b980d8de1e95536d79180f1a4909d0403669032f',
    'report_trend.j2': '48acc721b863e4bebeb41104660a96cea5474139468b5bf3567f36207e8fd493',
}
