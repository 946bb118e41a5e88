# Prints the image of a pipeline definition (JSON): the image the compile step runs.
# Inputs (environment): RESOURCE_DEFINITION_FILE.
set -eu
image=$(jq -r '.image // ""' "$RESOURCE_DEFINITION_FILE")
if [ -z "$image" ]; then
  echo "the pipeline definition in $RESOURCE_DEFINITION_FILE has no image" >&2
  exit 1
fi
printf '%s' "$image"
