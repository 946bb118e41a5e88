# Builds the body of POST/PUT /resource/pipeline: the definition (JSON) as pipelineDefinition and
# the compiler's output, as text, as compiledPipeline (the provider service parses it).
# Inputs (environment): RESOURCE_DEFINITION_FILE, COMPILED_FILE, COMBINED_FILE.
set -eu
jq -n --slurpfile definition "$RESOURCE_DEFINITION_FILE" --rawfile compiled "$COMPILED_FILE" '
  if ($definition | length) != 1 or ($definition[0] | type) != "object"
  then error("the resource definition must be one JSON object")
  elif ($compiled | test("^\\s*$"))
  then error("the compiler wrote nothing")
  else {pipelineDefinition: $definition[0], compiledPipeline: $compiled}
  end' > "$COMBINED_FILE"
echo "combined the pipeline definition with $(wc -c < "$COMPILED_FILE") bytes of compiled pipeline"
