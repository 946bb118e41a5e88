{{/*
The pod template every provider service Deployment starts from (spec.defaultProviderValues.podTemplateSpec):
the operator image running `provider-service`, non-root and read-only like the controller, posting
run-completion events to the operator with the bearer token mounted from a Secret of the Provider's
namespace. The controller adds the image, the Provider's env (PROVIDERNAME, PIPELINEROOTSTORAGE,
PARAMETERS_*), volumes, ports and the app: provider-<name> label.
*/}}
{{- define "kfp-operator.providerPodTemplate" -}}
{{- if .Values.provider.podTemplateSpec -}}
{{- toYaml .Values.provider.podTemplateSpec -}}
{{- else -}}
{{- $tokenSecret := default (include "kfp-operator.tokenSecretName" .) .Values.provider.eventsTokenSecret -}}
metadata:
  labels:
    app.kubernetes.io/part-of: kfp-operator
    app.kubernetes.io/component: provider-service
    {{- with .Values.provider.podTemplateLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  automountServiceAccountToken: true
  securityContext:
    runAsNonRoot: true
    runAsUser: 65532
    runAsGroup: 65532
    fsGroup: 65532
    seccompProfile:
      type: RuntimeDefault
  containers:
    - name: {{ .Values.provider.serviceContainerName }}
      args: ["provider-service"]
      env:
        - name: OPERATORWEBHOOK
          value: {{ include "kfp-operator.eventsUrl" . | quote }}
        {{- if .Values.manager.runcompletionWebhook.token.enabled }}
        - name: OPERATORTOKENFILE
          value: /var/run/secrets/kfp-operator/{{ .Values.manager.runcompletionWebhook.token.key }}
        {{- end }}
        - name: SERVER_PORT
          value: {{ .Values.provider.servicePort | quote }}
        - name: JAVA_TOOL_OPTIONS
          value: {{ .Values.provider.javaOptions | quote }}
        - name: KFP_OPERATOR_LOG_LEVEL
          value: {{ include "kfp-operator.logLevel" . }}
        {{- with .Values.provider.env }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      resources:
        {{- toYaml .Values.provider.resources | nindent 8 }}
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        runAsNonRoot: true
        capabilities:
          drop: ["ALL"]
      livenessProbe:
        httpGet: {path: /livez, port: {{ .Values.provider.servicePort }}}
        periodSeconds: 10
        failureThreshold: 3
      readinessProbe:
        httpGet: {path: /readyz, port: {{ .Values.provider.servicePort }}}
        periodSeconds: 5
      startupProbe:
        httpGet: {path: /livez, port: {{ .Values.provider.servicePort }}}
        periodSeconds: 2
        failureThreshold: 60
      volumeMounts:
        - name: tmp
          mountPath: /tmp
        {{- if .Values.manager.runcompletionWebhook.token.enabled }}
        - name: events-token
          mountPath: /var/run/secrets/kfp-operator
          readOnly: true
        {{- end }}
        {{- with .Values.provider.volumeMounts }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
  volumes:
    - name: tmp
      emptyDir: {}
    {{- if .Values.manager.runcompletionWebhook.token.enabled }}
    - name: events-token
      secret:
        secretName: {{ $tokenSecret }}
        optional: true
    {{- end }}
    {{- with .Values.provider.volumes }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end -}}
{{- end -}}
