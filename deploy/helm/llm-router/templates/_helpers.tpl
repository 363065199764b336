{{- define "llm-router.labels" -}}
app.kubernetes.io/name: llm-router
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
{{- define "llm-router.selector" -}}
app.kubernetes.io/name: llm-router
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
