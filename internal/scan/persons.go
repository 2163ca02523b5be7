package scan

// unionFind links the linking values (e-mail, phone, national ID, by hash)
// into persons. Each node also remembers its category and kind, so the
// nodes double as those categories' sets of distinct values.
type unionFind struct {
	ids   shardedTable // value hash -> node
	nodes []ufNode
}

type ufNode struct {
	parent int32
	size   int32
	cat    uint8
	kind   uint8
}

func newUnionFind() *unionFind { return &unionFind{} }

// node returns the node of a value, adding it on first sight.
func (u *unionFind) node(h uint64, cat, kind uint8) int32 {
	id, isNew := u.ids.put(h, int32(len(u.nodes)))
	if isNew {
		u.nodes = append(u.nodes, ufNode{parent: id, size: 1, cat: cat, kind: kind})
	}
	return id
}

func (u *unionFind) find(i int32) int32 {
	for u.nodes[i].parent != i {
		u.nodes[i].parent = u.nodes[u.nodes[i].parent].parent // path halving
		i = u.nodes[i].parent
	}
	return i
}

// union joins the persons of two nodes.
func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if u.nodes[ra].size < u.nodes[rb].size {
		ra, rb = rb, ra
	}
	u.nodes[rb].parent = ra
	u.nodes[ra].size += u.nodes[rb].size
}

// components is the number of persons.
func (u *unionFind) components() int64 {
	var n int64
	for i := range u.nodes {
		if u.nodes[i].parent == int32(i) {
			n++
		}
	}
	return n
}

// eachNode calls fn with every node's category and kind.
func (u *unionFind) eachNode(fn func(cat, kind uint8)) {
	for _, n := range u.nodes {
		fn(n.cat, n.kind)
	}
}

// merge adds other's values and links into u; kind translates other's
// kind numbers into u's.
func (u *unionFind) merge(other *unionFind, kind func(cat, kind uint8) uint8) {
	// rep is, per root of other, a node of u in that person (-1: none yet).
	rep := make([]int32, len(other.nodes))
	for i := range rep {
		rep[i] = -1
	}
	other.ids.each(func(h uint64, id int32) {
		n := other.nodes[id]
		mine := u.node(h, n.cat, kind(n.cat, n.kind))
		root := other.find(id)
		if first := rep[root]; first >= 0 {
			u.union(first, mine)
		} else {
			rep[root] = mine
		}
	})
}
