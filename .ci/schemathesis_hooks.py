"""schemathesis hooks for .ci/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS)."""

import schemathesis

# The procedure import takes the national portal's detail as JSON Lines: text, one JSON
# object a line. The document describes it as a string, sent as is.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")
