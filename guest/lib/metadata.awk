# NoCloud meta-data (flat "key: value" YAML) -> lines for /init:
#   hostname VALUE      from local-hostname (preferred) or local_hostname
#   instance-id VALUE   from instance-id (preferred) or instance_id
# Only top-level keys are read; values are data, printed verbatim on one line.
# A JSON object ({"instance-id": "x", ...}, which is also YAML) works too as
# long as its string values hold no escaped quotes.
# Usage: awk -f yaml.awk -f metadata.awk meta-data

function take(k, v) {
	if (k == "local-hostname") host1 = v
	else if (k == "local_hostname") host2 = v
	else if (k == "instance-id") iid1 = v
	else if (k == "instance_id") iid2 = v
}

{
	sub(/\r$/, "")
	if ($0 ~ /^[ \t]*(#.*)?$/) next
	if ($0 ~ /^[ \t]*[{"]/) {
		rest = $0
		found = 0
		while (match(rest, /"[A-Za-z0-9_-]+"[ \t]*:[ \t]*"[^"]*"/)) {
			pair = substr(rest, RSTART, RLENGTH)
			rest = substr(rest, RSTART + RLENGTH)
			k = pair
			sub(/"[ \t]*:.*$/, "", k)
			k = substr(k, 2)
			v = pair
			sub(/^"[^"]*"[ \t]*:[ \t]*"/, "", v)
			sub(/"$/, "", v)
			take(k, v)
			found = 1
		}
		if (found) next
	}
	if (y_indent($0) != 0) next
	if (!y_split($0)) next
	take(Y_KEY, y_scalar(Y_VAL))
}

END {
	h = (host1 != "") ? host1 : host2
	i = (iid1 != "") ? iid1 : iid2
	if (h != "") print "hostname", h
	if (i != "") print "instance-id", i
}
