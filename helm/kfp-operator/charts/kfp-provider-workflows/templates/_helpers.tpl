{{/* Namespace of every object: the provider namespace. */}}
{{- define "kfp-provider-workflows.namespace" -}}
{{- default .Release.Namespace .Values.namespace -}}
{{- end -}}

{{- define "kfp-provider-workflows.labels" -}}
app.kubernetes.io/part-of: kfp-operator
app.kubernetes.io/component: provider-workflows
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* metadata of a WorkflowTemplate: name, namespace, labels. Argument: (list $ "name"). */}}
{{- define "kfp-provider-workflows.templateMetadata" -}}
{{- $root := index . 0 -}}
name: {{ index . 1 }}
namespace: {{ include "kfp-provider-workflows.namespace" $root }}
labels:
  {{- include "kfp-provider-workflows.labels" $root | nindent 2 }}
{{- end -}}

{{/* Pod metadata of a step (argo.metadata), or nothing. Argument: (list $ indent). */}}
{{- define "kfp-provider-workflows.podMetadata" -}}
{{- with (index . 0).Values.argo.metadata }}
{{- printf "metadata:\n%s" (toYaml . | indent 2) | nindent (index $ 1) }}
{{- end }}
{{- end -}}

{{/*
Fields of argo.containerDefaults added to a step container. Argument: (list $ indent). The fields the templates set
themselves are left out (theirs win); env is appended to the step's env by "defaultEnv".
*/}}
{{- define "kfp-provider-workflows.containerDefaults" -}}
{{- with omit (default dict (index . 0).Values.argo.containerDefaults) "name" "image" "command" "args" "source" "env" "volumeMounts" "workingDir" }}
{{- toYaml . | nindent (index $ 1) }}
{{- end }}
{{- end -}}

{{/* argo.containerDefaults.env, as further items of a step's env list. Argument: (list $ indent). */}}
{{- define "kfp-provider-workflows.defaultEnv" -}}
{{- with (default dict (index . 0).Values.argo.containerDefaults).env }}
{{- toYaml . | nindent (index $ 1) }}
{{- end }}
{{- end -}}

{{/* Workflow-level settings shared by the entry-point templates: ttl, service account, security context. */}}
{{- define "kfp-provider-workflows.workflowSettings" -}}
entrypoint: main
serviceAccountName: {{ .Values.argo.serviceAccount.name }}
ttlStrategy:
  {{- toYaml .Values.argo.ttlStrategy | nindent 2 }}
{{- with .Values.argo.securityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The outputs of every entry point: what the provider service answered, and its HTTP status. */}}
{{- define "kfp-provider-workflows.mainOutputs" -}}
outputs:
  parameters:
    - name: provider-output
      valueFrom:
        parameter: '{{`{{steps.provider.outputs.parameters.provider-output}}`}}'
    - name: provider-status
      valueFrom:
        parameter: '{{`{{steps.provider.outputs.parameters.provider-status}}`}}'
{{- end -}}
