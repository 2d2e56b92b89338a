# cloud-init network-config (version 2, block style, "ethernets" only)
# -> a plan for /init, one "KIND VALUE..." per line:
#   version N
#   iface ID            starts an interface (the key under ethernets:)
#   mac MAC             match: macaddress
#   matchname NAME      match: name
#   setname NAME        set-name
#   dhcp4 BOOL          dhcp4 (dhcp6 is reported as "dhcp6 BOOL")
#   mtu N
#   addr CIDR           one per address
#   route TO VIA METRIC one per route ("-" when a field is missing)
#   gw4 IP / gw6 IP     deprecated gateway4 / gateway6
#   ns IP               nameservers: addresses
#   search DOMAIN       nameservers: search
#   end                 ends the interface
# Values are data for the shell to validate; nothing here is executed.
# Indentation may be any width; sequences may be indented or not; the whole
# document may sit under a top-level "network:" key.
# Usage: awk -f yaml.awk -f netcfg.awk network-config

function flush_route() {
	if (in_route) {
		gsub(/[ \t]/, "?", r_to); gsub(/[ \t]/, "?", r_via); gsub(/[ \t]/, "?", r_metric)
		print "route", (r_to == "" ? "-" : r_to), (r_via == "" ? "-" : r_via), (r_metric == "" ? "-" : r_metric)
	}
	in_route = 0
	r_to = r_via = r_metric = ""
}

function flush_iface() {
	flush_route()
	if (cur != "") print "end"
	cur = ""
	prop = ""
	nsub = ""
	prop_ind = -1
}

# A scalar or flow-sequence value of a list-valued key.
function list_value(kind, v,    A, n, i) {
	if (v ~ /^[ \t]*\[/) {
		n = y_flow(v, A)
		for (i = 1; i <= n; i++) y_emit(kind, A[i])
	} else {
		y_emit(kind, y_scalar(v))
	}
}

BEGIN {
	section = ""
	if_ind = -1
	prop_ind = -1
	wrap = 0
	wrap_ind = -1
	cur = ""
}

{
	sub(/\r$/, "")
	line = $0
	if (line ~ /^[ \t]*(#.*)?$/) next
	if (line == "---" || line == "...") next
	ind = y_indent(line)
	body = substr(line, ind + 1)

	# Optional top-level "network:" wrapper: shift everything under it left.
	if (ind == 0 && !wrap && body ~ /^network:[ \t]*(#.*)?$/) { wrap = 1; next }
	if (wrap) {
		if (wrap_ind < 0) wrap_ind = ind
		if (ind < wrap_ind) { wrap = 0; ind = 0 } else ind -= wrap_ind
	}

	dash = 0
	if (body ~ /^-([ \t]|$)/) {
		dash = 1
		body = substr(body, 2)
		sub(/^[ \t]+/, "", body)
	}
	iskey = y_split(body)
	key = Y_KEY
	val = Y_VAL

	# Top level.
	if (ind == 0 && !dash) {
		flush_iface()
		if (iskey && key == "version") print "version", y_scalar(val)
		section = iskey ? key : ""
		if_ind = -1
		next
	}
	if (section != "ethernets") next

	# Interface ids: the first indentation seen under "ethernets:".
	if (if_ind < 0) if_ind = ind
	if (ind < if_ind) next
	if (ind == if_ind) {
		if (dash || !iskey) next
		flush_iface()
		cur = key
		y_emit("iface", cur)
		next
	}
	if (cur == "") next

	# Interface properties: the first indentation seen inside the interface.
	if (prop_ind < 0 && !dash) prop_ind = ind
	if (!dash && ind == prop_ind) {
		flush_route()
		prop = iskey ? key : ""
		nsub = ""
		v = y_scalar(val)
		if (prop == "set-name") y_emit("setname", v)
		else if (prop == "dhcp4") y_emit("dhcp4", v)
		else if (prop == "dhcp6") y_emit("dhcp6", v)
		else if (prop == "mtu") y_emit("mtu", v)
		else if (prop == "gateway4") y_emit("gw4", v)
		else if (prop == "gateway6") y_emit("gw6", v)
		else if (prop == "addresses" && val ~ /^[ \t]*\[/) list_value("addr", val)
		next
	}
	if (ind < prop_ind) next

	# Nested content of the current property.
	if (prop == "match") {
		if (iskey && key == "macaddress") y_emit("mac", y_scalar(val))
		else if (iskey && key == "name") y_emit("matchname", y_scalar(val))
	} else if (prop == "addresses") {
		if (dash && !iskey) y_emit("addr", y_scalar(body))
		else if (dash && iskey) y_emit("addr", key)   # "- 10.0.0.1/24: {label: x}" form
	} else if (prop == "routes") {
		if (dash) { flush_route(); in_route = 1 }
		if (iskey && in_route) {
			if (key == "to") r_to = y_scalar(val)
			else if (key == "via") r_via = y_scalar(val)
			else if (key == "metric") r_metric = y_scalar(val)
		}
	} else if (prop == "nameservers") {
		if (!dash && iskey) {
			nsub = key
			if (val ~ /^[ \t]*\[/ && (nsub == "addresses" || nsub == "search")) list_value(nsub == "search" ? "search" : "ns", val)
		} else if (dash && !iskey) {
			if (nsub == "addresses") y_emit("ns", y_scalar(body))
			else if (nsub == "search") y_emit("search", y_scalar(body))
		}
	}
}

END {
	flush_iface()
}
