# Calls the provider service REST contract and reports the answer through two files that Argo
# reads as output parameters: the body (provider-output) and the HTTP status (provider-status,
# "000" when no answer came). The operator decides what an answer means, so the step fails only
# on 501 (the provider does not implement the operation, which a retry cannot change).
# Inputs (environment): METHOD, PROVIDER_SERVICE_URL (host.ns:port, scheme optional),
# RESOURCE_KIND, RESOURCE_ID (url-encoded; PUT and DELETE), BODY_FILE (POST and PUT),
# PROVIDER_OUTPUT_FILE, PROVIDER_STATUS_FILE.
set -u

base=$PROVIDER_SERVICE_URL
case "$base" in
  *://*) ;;
  *) base="http://$base" ;;
esac
url="$base/resource/$RESOURCE_KIND"
if [ -n "${RESOURCE_ID:-}" ]; then
  url="$url/$RESOURCE_ID"
fi

rm -f "$PROVIDER_OUTPUT_FILE"
set -- --silent --show-error --connect-timeout "${CONNECT_TIMEOUT_SECONDS:-10}" \
  --request "$METHOD" --output "$PROVIDER_OUTPUT_FILE" --write-out '%{http_code}'
if [ -n "${BODY_FILE:-}" ]; then
  set -- "$@" --header "Content-Type: ${BODY_CONTENT_TYPE:-application/json}" --data-binary "@$BODY_FILE"
fi
status=$(curl "$@" "$url")
curl_exit=$?
case "$status" in
  [0-9][0-9][0-9]) ;;
  *) status=000 ;;
esac

# The operator parses provider-output as JSON: never leave it missing or empty.
if [ ! -s "$PROVIDER_OUTPUT_FILE" ]; then
  quoted_url=$(printf '%s' "$url" | sed 's/[\\"]/\\&/g')
  if [ "$status" = 000 ]; then
    printf '{"providerError":"could not reach the provider service at %s (curl exit %s)"}' "$quoted_url" "$curl_exit" \
      > "$PROVIDER_OUTPUT_FILE"
  else
    case "$status" in
      2*) printf '{}' > "$PROVIDER_OUTPUT_FILE" ;;
      *) printf '{"providerError":"provider service answered HTTP %s without a body (%s)"}' "$status" "$quoted_url" \
           > "$PROVIDER_OUTPUT_FILE" ;;
    esac
  fi
fi
printf '%s' "$status" > "$PROVIDER_STATUS_FILE"

echo "$METHOD $url: HTTP $status"
cat "$PROVIDER_OUTPUT_FILE"
echo
if [ "$status" = 501 ]; then
  echo "the provider service does not implement $METHOD for $RESOURCE_KIND" >&2
  exit 1
fi
exit 0
