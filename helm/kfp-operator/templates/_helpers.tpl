{{/* Prefix of every object name: kfp-operator unless fullnameOverride is set. */}}
{{- define "kfp-operator.fullname" -}}
{{- default "kfp-operator" .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Namespace of every namespaced object. */}}
{{- define "kfp-operator.namespace" -}}
{{- default .Release.Namespace .Values.namespace.name -}}
{{- end -}}

{{- define "kfp-operator.labels" -}}
app.kubernetes.io/part-of: kfp-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* Selector of the controller pods (pod label app.kubernetes.io/name: kfp-operator). */}}
{{- define "kfp-operator.selectorLabels" -}}
app.kubernetes.io/name: kfp-operator
app.kubernetes.io/component: controller-manager
{{- end -}}

{{- define "kfp-operator.controllerName" -}}
{{ include "kfp-operator.fullname" . }}-controller-manager
{{- end -}}

{{- define "kfp-operator.serviceAccountName" -}}
{{- if .Values.manager.serviceAccount.create -}}
{{- default (include "kfp-operator.controllerName" .) .Values.manager.serviceAccount.name -}}
{{- else -}}
{{- required "manager.serviceAccount.name is required when manager.serviceAccount.create is false" .Values.manager.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "kfp-operator.image" -}}
{{- printf "%s/%s:%s" (trimSuffix "/" .Values.containerRegistry) .Values.manager.image.repository (default .Chart.AppVersion .Values.manager.image.tag) -}}
{{- end -}}

{{/* Name of the Secret holding the run-completion bearer token. */}}
{{- define "kfp-operator.tokenSecretName" -}}
{{- if .Values.manager.runcompletionWebhook.token.existingSecret -}}
{{- .Values.manager.runcompletionWebhook.token.existingSecret -}}
{{- else -}}
{{- default (printf "%s-events-token" (include "kfp-operator.fullname" .)) .Values.manager.runcompletionWebhook.token.secretName -}}
{{- end -}}
{{- end -}}

{{/* In-cluster URL of the run-completion endpoint, as provider services call it. */}}
{{- define "kfp-operator.eventsUrl" -}}
{{- printf "http://%s-runcompletion-webhook-service.%s.svc:%d/events" (include "kfp-operator.fullname" .) (include "kfp-operator.namespace" .) (int .Values.manager.runcompletionWebhook.servicePort) -}}
{{- end -}}

{{/* logging.verbosity (upstream zap verbosity) as a log level. */}}
{{- define "kfp-operator.logLevel" -}}
{{- $v := int .Values.logging.verbosity -}}
{{- if lt $v 0 -}}WARN{{- else if eq $v 0 -}}INFO{{- else if eq $v 1 -}}DEBUG{{- else -}}TRACE{{- end -}}
{{- end -}}

{{/* The six kinds, as resource plural / kind / singular. */}}
{{- define "kfp-operator.kinds" -}}
- {plural: pipelines, singular: pipeline}
- {plural: experiments, singular: experiment}
- {plural: runconfigurations, singular: runconfiguration}
- {plural: runschedules, singular: runschedule}
- {plural: runs, singular: run}
- {plural: providers, singular: provider}
{{- end -}}

{{/* RBAC rules of the controller for our kinds and what it manages for them. */}}
{{- define "kfp-operator.controllerRules" -}}
- apiGroups: ["pipelines.kubeflow.org"]
  resources: ["pipelines", "experiments", "runconfigurations", "runschedules", "runs", "providers"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["pipelines.kubeflow.org"]
  resources: ["pipelines/status", "experiments/status", "runconfigurations/status", "runschedules/status", "runs/status", "providers/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["pipelines.kubeflow.org"]
  resources: ["pipelines/finalizers", "experiments/finalizers", "runconfigurations/finalizers", "runschedules/finalizers", "runs/finalizers", "providers/finalizers"]
  verbs: ["update"]
# Provider services: one Deployment and Service per Provider.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
# argo execution engine: Workflows in provider namespaces (created, watched, labelled processed,
# deleted), from the WorkflowTemplates it checks exist.
- apiGroups: ["argoproj.io"]
  resources: ["workflows"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["argoproj.io"]
  resources: ["workflowtemplates"]
  verbs: ["get", "list"]
# direct engine: compilation Jobs in provider namespaces; their pods' logs carry the compiled output.
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch", "create", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods/log"]
  verbs: ["get"]
# Kubernetes Events on our resources (kubectl describe).
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
