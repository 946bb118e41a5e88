# Percent-encodes a provider id for a URL path segment: ids may contain "/" (Vertex AI schedules).
# Inputs (environment): UNENCODED, URL_ENCODED_FILE.
set -eu
printf '%s' "$UNENCODED" | jq -sRj @uri > "$URL_ENCODED_FILE"
