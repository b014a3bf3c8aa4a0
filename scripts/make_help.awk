# `make help`: the documented targets of one audience (-v group=...), one line each.
# A target is documented by `## [audience] what it does` after its prerequisites; a target
# documented without an audience is listed under "other", so none is ever hidden.
/^[A-Za-z0-9_%.-]+:[^=]*## / {
    head = $0; sub(/ *##.*/, "", head)
    doc = $0; sub(/^[^#]*## */, "", doc)
    audience = "other"
    if (doc ~ /^\[[a-z]+\] /) {
        audience = substr(doc, 2, index(doc, "]") - 2)
        sub(/^\[[a-z]+\] /, "", doc)
    }
    if (audience != group) next
    gsub(/\$\(SERVICES\)/, services, doc)
    target = head; sub(/:.*/, "", target)
    first = head; sub(/^[^:]*: */, "", first); sub(/ *\| */, " ", first)
    printf "  %-20s %s%s\n", target, doc, (first == "" ? "" : "  (first: " first ")")
}
