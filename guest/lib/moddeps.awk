# Build time: resolve kernel modules to load, in dependency order.
# Usage: awk -v want="virtio_blk vfat ..." -f moddeps.awk modules.builtin modules.dep
# Prints "load PATH" (PATH relative to /lib/modules/VERSION, dependencies
# first, each once) and "builtin NAME" for wanted modules built into the
# kernel. Exits 1 if a wanted module is neither. Names compare with '-'
# and '_' as equals, as modprobe does.

function modname(path,    m) {
	m = path
	sub(/^.*\//, "", m)
	sub(/\.ko(\.[a-z0-9]+)?$/, "", m)
	gsub(/-/, "_", m)
	return m
}

function visit(path,    n, i, d) {
	if (path in done) return
	if (path in busy) { print "moddeps: dependency loop at " path > "/dev/stderr"; bad = 1; return }
	busy[path] = 1
	n = split(deps[path], d, " ")
	for (i = 1; i <= n; i++) visit(d[i])
	delete busy[path]
	done[path] = 1
	print "load", path
}

FILENAME ~ /modules\.builtin$/ { builtin[modname($0)] = 1; next }

FILENAME ~ /modules\.dep$/ {
	p = $0
	sub(/:.*$/, "", p)
	d = $0
	sub(/^[^:]*:[ \t]*/, "", d)
	deps[p] = d
	byname[modname(p)] = p
}

END {
	n = split(want, w, " ")
	for (i = 1; i <= n; i++) {
		m = w[i]
		gsub(/-/, "_", m)
		if (m in byname) visit(byname[m])
		else if (m in builtin) print "builtin", w[i]
		else { print "moddeps: module " w[i] " not found" > "/dev/stderr"; bad = 1 }
	}
	exit bad
}
