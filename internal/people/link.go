package people

import (
	"context"
	"strconv"
)

// linker joins a chunk's records into persons: records that share a
// linking value (e-mail, phone, ID number), or that an earlier chunk put
// into a person, are one person. Values are known by their blind index
// only.
type linker struct {
	node   map[string]int // "k"+index hash, or "p"+person ID -> node
	parent []int
}

func (l *linker) find(i int) int {
	for l.parent[i] != i {
		l.parent[i] = l.parent[l.parent[i]]
		i = l.parent[i]
	}
	return i
}

func (l *linker) nodeOf(key string) int {
	if n, ok := l.node[key]; ok {
		return n
	}
	n := len(l.parent)
	l.node[key] = n
	l.parent = append(l.parent, n)
	return n
}

func (l *linker) union(a, b int) {
	ra, rb := l.find(a), l.find(b)
	if ra != rb {
		l.parent[rb] = ra
	}
}

// group is one person of a chunk: the entry built from its records, the
// persons earlier chunks put its records in, and its records' keys.
type group struct {
	e       *entry
	known   []int64
	records []*record
}

// mergeChunk links the chunk's records into persons and merges them into
// the register in one transaction.
func (im *importer) mergeChunk(ctx context.Context, ch *chunk) error {
	if len(ch.records) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	groups := im.link(ch)
	if len(groups) == 0 {
		return nil
	}
	return im.s.store.Update(ctx, func(tx Tx) error {
		fresh, err := im.allNew(ctx, tx, groups)
		if err != nil {
			return err
		}
		for _, g := range groups {
			if err := im.fill(ctx, tx, g); err != nil {
				return err
			}
		}
		if fresh {
			es := make([]*entry, len(groups))
			for i, g := range groups {
				es[i] = g.e
			}
			if err := im.addAll(ctx, tx, es); err != nil {
				return err
			}
		}
		for _, g := range groups {
			id := g.e.row.ID
			if !fresh {
				if id, err = im.mergeGroup(ctx, tx, g); err != nil {
					return err
				}
			}
			for _, r := range g.records {
				im.recordPerson[r.key] = id
			}
		}
		return nil
	})
}

// link groups the chunk's records into persons, in the order read.
func (im *importer) link(ch *chunk) []*group {
	l := &linker{node: map[string]int{}}
	roots := make([]int, len(ch.records))
	for i, r := range ch.records {
		first := -1
		join := func(key string) {
			n := l.nodeOf(key)
			if first < 0 {
				first = n
			} else {
				l.union(first, n)
			}
		}
		for _, k := range r.index {
			join("k" + string(k.Hash))
		}
		if id, ok := im.recordPerson[r.key]; ok {
			join("p" + strconv.FormatInt(im.resolve(id), 10))
		}
		if first < 0 {
			im.unlinked++
		}
		roots[i] = first
	}
	byRoot := map[int]*group{}
	var groups []*group
	for i, r := range ch.records {
		if roots[i] < 0 {
			continue
		}
		root := l.find(roots[i])
		g := byRoot[root]
		if g == nil {
			g = &group{e: &entry{row: Row{IncidentID: im.id}}}
			byRoot[root] = g
			groups = append(groups, g)
		}
		g.records = append(g.records, r)
		if id, ok := im.recordPerson[r.key]; ok {
			g.known = append(g.known, im.resolve(id))
		}
	}
	return groups
}

// recordKeys are the blind indexes of a record's linking values.
func recordKeys(k *Keyring, r *record) []IndexKey {
	keys := make([]IndexKey, 0, len(r.emails)+len(r.phones)+len(r.ids))
	for _, v := range r.emails {
		keys = append(keys, k.Index(IndexEmail, v))
	}
	for _, v := range r.phones {
		keys = append(keys, k.Index(IndexPhone, v))
	}
	for _, v := range r.ids {
		keys = append(keys, k.Index(IndexNationalID, v))
	}
	return keys
}

// fill builds the group's entry from its records.
func (im *importer) fill(ctx context.Context, tx Tx, g *group) error {
	e := g.e
	c := &e.contact
	keys := make([]uint64, 0, len(g.records))
	locators := make([]string, 0, len(g.records))
	for _, r := range g.records {
		c.Emails = addValues(c.Emails, false, r.emails...)
		c.Phones = addValues(c.Phones, false, r.phones...)
		c.NationalIDs = addValues(c.NationalIDs, false, r.ids...)
		if c.Name == "" {
			c.Name = r.name
		}
		if len(c.Address) == 0 {
			c.Address = r.address
		}
		e.row.Categories = addSorted(e.row.Categories, r.categories...)
		fid, err := im.fileID(ctx, tx, r.file)
		if err != nil {
			return err
		}
		e.row.FileIDs = addSorted(e.row.FileIDs, fid)
		keys = append(keys, r.key)
		locators = append(locators, r.locator)
	}
	e.addRecords(addSorted(nil, keys...), locators)
	return nil
}

// allNew reports whether none of the chunk's persons can be in the
// register yet: no record was seen before and no linking value is known.
// Then each person is added without a lookup of its own: the first import
// of a large file is mostly that.
func (im *importer) allNew(ctx context.Context, tx Tx, groups []*group) (bool, error) {
	var keys []IndexKey
	for _, g := range groups {
		if len(g.known) > 0 {
			return false, nil
		}
		for _, r := range g.records {
			keys = append(keys, r.index...)
		}
	}
	ids, err := tx.Lookup(ctx, im.id, keys)
	return len(ids) == 0, err
}

// mergeGroup finds the group's person in the register and merges.
func (im *importer) mergeGroup(ctx context.Context, tx Tx, g *group) (int64, error) {
	ids, err := tx.Lookup(ctx, im.id, linkingKeys(im.s.keys.IndexKeys(&g.e.contact)))
	if err != nil {
		return 0, err
	}
	ids = append(ids, g.known...)
	if len(ids) == 0 {
		if err := im.add(ctx, tx, g.e); err != nil {
			return 0, err
		}
		return g.e.row.ID, nil
	}
	return im.merge(ctx, tx, ids, g.e, nil)
}
