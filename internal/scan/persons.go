package scan

import (
	"sync"
	"sync/atomic"
)

// unionFind links the linking values (e-mail, phone, national ID) into
// persons. Its nodes are numbered in the order the detectors first see
// the values; the value -> node map is the ids tables of the shards (see
// tables). Each node also remembers its category and kind, so the nodes
// double as those categories' sets of distinct values.
//
// Locking: a node is written whole once, by newNode, under the lock of
// the shard whose ids table gets its value; nobody else knows its number
// before that lock is released. From then on its parent and rank change
// only under mu, which every union holds. The nodes live in fixed chunks
// that never move, so a node's address stays valid while other nodes are
// added; a chunk is published through an atomic pointer.
type unionFind struct {
	count  atomic.Int64 // node numbers reserved (nodeBlock)
	chunks [maxNodeChunks]atomic.Pointer[nodeChunk]
	growMu sync.Mutex // serializes making a chunk
	mu     sync.Mutex // guards every node's parent and rank
}

// ufNode is 8 bytes: union by rank (a byte: ranks stay below 32) rather
// than by size (four) keeps it there.
type ufNode struct {
	parent int32
	rank   uint8
	cat    uint8
	kind   uint8
	used   bool // false: a number reserved (nodeBlock) but not handed out
}

// Chunks of 64K nodes (512 KiB): growing never copies the nodes, and
// the first chunk is small enough for a small scan.
const (
	nodeChunkBits = 16
	nodeChunkSize = 1 << nodeChunkBits
	maxNodeChunks = 1 << (31 - nodeChunkBits)
	maxNodes      = maxNodeChunks * nodeChunkSize
)

type nodeChunk [nodeChunkSize]ufNode

// at is node i; it must have been handed out by newNode.
func (u *unionFind) at(i int32) *ufNode {
	return &u.chunks[i>>nodeChunkBits].Load()[i&(nodeChunkSize-1)]
}

// nodeBlock is a detector's run of node numbers, reserved together so
// that the detectors do not take turns at one counter for every value.
type nodeBlock struct{ next, end int32 }

// nodeBlockSize divides nodeChunkSize: a block lies within one chunk.
const nodeBlockSize = 256

// newNode hands out a node of b, its own person, for a value first seen.
// The caller holds the lock of the value's shard (see the type's comment).
func (u *unionFind) newNode(b *nodeBlock, cat, kind uint8) int32 {
	if b.next == b.end {
		start := u.count.Add(nodeBlockSize) - nodeBlockSize
		if start > maxNodes-nodeBlockSize {
			panic("scan: more than 2^31 linking values")
		}
		b.next, b.end = int32(start), int32(start+nodeBlockSize)
	}
	id := b.next
	b.next++
	c := u.chunks[id>>nodeChunkBits].Load()
	if c == nil {
		c = u.makeChunk(id >> nodeChunkBits)
	}
	c[id&(nodeChunkSize-1)] = ufNode{parent: id, cat: cat, kind: kind, used: true}
	return id
}

// makeChunk returns chunk i, made by whichever detector gets here first.
func (u *unionFind) makeChunk(i int32) *nodeChunk {
	u.growMu.Lock()
	defer u.growMu.Unlock()
	if c := u.chunks[i].Load(); c != nil {
		return c
	}
	c := new(nodeChunk)
	u.chunks[i].Store(c)
	return c
}

// find returns the root of node i. The caller holds mu.
func (u *unionFind) find(i int32) int32 {
	n := u.at(i)
	for n.parent != i {
		p := u.at(n.parent)
		n.parent = p.parent // path halving
		i, n = p.parent, u.at(p.parent)
	}
	return i
}

// union joins the persons of two nodes. The caller holds mu.
func (u *unionFind) union(a, b int32) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	na, nb := u.at(ra), u.at(rb)
	if na.rank < nb.rank {
		ra, na, nb = rb, nb, na
	}
	nb.parent = ra
	if na.rank == nb.rank {
		na.rank++
	}
}

// eachNode calls fn with every node's number and node. It runs after the
// detectors have stopped. The numbers a detector reserved but did not use
// are unused nodes, in a chunk or not.
func (u *unionFind) eachNode(fn func(i int32, n *ufNode)) {
	total := min(u.count.Load(), maxNodes)
	for c := range int32((total + nodeChunkSize - 1) / nodeChunkSize) {
		chunk := u.chunks[c].Load()
		if chunk == nil {
			continue
		}
		base := c * nodeChunkSize
		for j := range chunk {
			if chunk[j].used {
				fn(base+int32(j), &chunk[j])
			}
		}
	}
}

// components is the number of persons.
func (u *unionFind) components() int64 {
	var n int64
	u.eachNode(func(i int32, node *ufNode) {
		if node.parent == i {
			n++
		}
	})
	return n
}
