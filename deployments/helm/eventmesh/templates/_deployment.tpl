{{/*
A component's Deployment: dict "root" $ "component" NAME "values" VALUES
"command" BINARY. Restricted Pod Security; /healthz, /readyz and a startup
probe; the drain on SIGTERM (stop receiving, finish or hand back what is in
flight within CLOSE_TIMEOUT, exit 0) within terminationGracePeriodSeconds.
*/}}
{{- define "eventmesh.deployment" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $sel := dict "root" $root "component" .component -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "eventmesh.component" $sel }}
  labels:
    {{- include "eventmesh.componentLabels" $sel | nindent 4 }}
spec:
  {{- if not (and (eq .component "processor") $v.autoscaling.enabled) }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 0
  selector:
    matchLabels:
      {{- include "eventmesh.selectorLabels" $sel | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "eventmesh.selectorLabels" $sel | nindent 8 }}
      {{- if or $root.Values.registry.files $v.podAnnotations }}
      annotations:
        {{- if $root.Values.registry.files }}
        # A change of the registry rolls the pods.
        checksum/registry: {{ include (print $root.Template.BasePath "/registry-configmap.yaml") $root | sha256sum }}
        {{- end }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "eventmesh.serviceAccountName" $root }}
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      # CLOSE_TIMEOUT plus a margin for the process's own exit.
      terminationGracePeriodSeconds: {{ add $v.closeTimeoutSeconds $v.drainMarginSeconds }}
      securityContext:
        runAsNonRoot: true
        runAsUser: {{ $root.Values.podSecurity.runAsUser }}
        runAsGroup: {{ $root.Values.podSecurity.runAsGroup }}
        fsGroup: {{ $root.Values.podSecurity.runAsGroup }}
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: {{ .component }}
          image: {{ include "eventmesh.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command: [{{ .command | quote }}]
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            privileged: false
            capabilities:
              drop: [ALL]
            seccompProfile:
              type: RuntimeDefault
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          env:
            {{- include "eventmesh.env" . | nindent 12 }}
          {{- with $root.Values.extraEnvFrom }}
          envFrom:
            {{- toYaml . | nindent 12 }}
          {{- end }}
          startupProbe:
            # Ready once the router runs; start-up retries unreachable
            # dependencies for up to 5 minutes, then the process exits.
            httpGet: {path: /readyz, port: http}
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 62
          livenessProbe:
            httpGet: {path: /healthz, port: http}
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            # Fails while Postgres or SQS do not answer: receiving pauses and
            # in-flight messages are held, the pod is not restarted.
            httpGet: {path: /readyz, port: http}
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $root.Values.registry.files }}
            - name: registry
              mountPath: {{ $root.Values.registry.mountPath }}
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: 16Mi
        {{- if $root.Values.registry.files }}
        - name: registry
          configMap:
            name: {{ include "eventmesh.fullname" $root }}-registry
            items:
              {{- range $path, $_ := $root.Values.registry.files }}
              - key: {{ include "eventmesh.registryKey" $path }}
                path: {{ $path }}
              {{- end }}
        {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.topologySpreadConstraints }}
      topologySpreadConstraints:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end -}}

{{/* The environment of a component (same dict as eventmesh.deployment). */}}
{{- define "eventmesh.env" -}}
{{- $root := .root -}}
{{- $v := .values -}}
- name: HTTP_ADDR
  value: ":8080"
- name: CLOSE_TIMEOUT
  value: {{ printf "%ds" (int $v.closeTimeoutSeconds) | quote }}
{{- if eq .component "processor" }}
- name: AWS_REGION
  value: {{ $root.Values.aws.region | quote }}
- name: AWS_ENDPOINT_URL_SQS
  value: {{ $root.Values.aws.sqsEndpoint | quote }}
- name: SQS_QUEUE_NAME
  value: {{ $v.queueName | quote }}
- name: SQS_DLQ_NAME
  value: {{ default (printf "%s-dlq" $v.queueName) $v.deadLetterQueueName | quote }}
- name: SQS_MAX_IN_FLIGHT
  value: {{ $v.maxInFlight | quote }}
{{- end }}
{{- if $root.Values.registry.files }}
- name: SCHEMA_DIR
  value: {{ $root.Values.registry.mountPath | quote }}
{{- end }}
{{- if $root.Values.database.existingSecret }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ $root.Values.database.existingSecret }}
      key: {{ $root.Values.database.secretKey }}
{{- else }}
- name: DATABASE_URL
  value: {{ required "database.existingSecret or database.url is required" $root.Values.database.url | quote }}
{{- end }}
{{- range $name, $value := $v.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}
