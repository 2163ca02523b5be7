package scan

import (
	"sync"
	"sync/atomic"
)

// unionFind links records into persons. Its nodes are the records that
// hold a linking value (e-mail, phone, national ID): a row, object or
// tuple is one node for all its linking values, and in a document each
// linking value is a node of its own. Two nodes are one person when they
// share a value: the merges of the runs find those (nodePair), and join
// joins them. The persons are the connected groups.
//
// Locking: a node is written whole once, by newNode, in the detector that
// makes it, before any run that names it is added to the runStore, whose
// lock passes it on to whoever merges that run. From then on its parent
// and rank change only under mu, which every union holds. The nodes live
// in fixed chunks that never move, so a node's address stays valid while
// other nodes are added; a chunk is published through an atomic pointer.
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

// newNode hands out a node of b, its own person until joined.
func (u *unionFind) newNode(b *nodeBlock) int32 {
	if b.next == b.end {
		start := u.count.Add(nodeBlockSize) - nodeBlockSize
		if start > maxNodes-nodeBlockSize {
			panic("scan: more than 2^31 records with linking values")
		}
		b.next, b.end = int32(start), int32(start+nodeBlockSize)
	}
	id := b.next
	b.next++
	c := u.chunks[id>>nodeChunkBits].Load()
	if c == nil {
		c = u.makeChunk(id >> nodeChunkBits)
	}
	c[id&(nodeChunkSize-1)] = ufNode{parent: id, used: true}
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

// join joins the persons of each pair's nodes.
func (u *unionFind) join(pairs []nodePair) {
	if len(pairs) == 0 {
		return
	}
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, p := range pairs {
		u.union(p.a, p.b)
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
