package people

import (
	"context"
	"encoding/json"
	"strconv"
	"sync"
)

// segmentCache keeps the segments' member counts of each incident by the
// register's version (TallyVersion): the store bumps the version in every
// transaction that changes a person, so counts of the current version are
// exact. A segment is known by its ID and rules, so a changed rule is
// counted anew. The cache lives in the process; another desk process
// on the same PostgreSQL database sees the same versions and counts for
// itself.
type segmentCache struct {
	mu         sync.Mutex
	byIncident map[int64]*segmentCountsAt
}

type segmentCountsAt struct {
	version int64
	members map[string]int64 // by segmentKey
}

func segmentKey(seg *Segment) string {
	rules, _ := json.Marshal(&seg.Rules)
	return strconv.FormatInt(seg.ID, 10) + " " + string(rules)
}

// segmentCounts returns the member count of each of segs at the
// register's version, counting those not cached in one pass over the
// register. version must have been read before: a pass that sees newer
// rows than version is then cached under a version that is already past,
// and never used.
func (s *Service) segmentCounts(ctx context.Context, id, version int64, segs []Segment) (map[int64]int64, error) {
	out := make(map[int64]int64, len(segs))
	var missing []Segment
	c := &s.segments
	c.mu.Lock()
	at := c.byIncident[id]
	for _, seg := range segs {
		if at != nil && at.version == version {
			if n, ok := at.members[segmentKey(&seg)]; ok {
				out[seg.ID] = n
				continue
			}
		}
		missing = append(missing, seg)
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	counted, err := s.countSegments(ctx, id, missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byIncident == nil {
		c.byIncident = map[int64]*segmentCountsAt{}
	}
	at = c.byIncident[id]
	if at == nil || at.version != version {
		at = &segmentCountsAt{version: version, members: map[string]int64{}}
		c.byIncident[id] = at
	}
	for _, seg := range missing {
		at.members[segmentKey(&seg)] = counted[seg.ID]
		out[seg.ID] = counted[seg.ID]
	}
	return out, nil
}

// countSegments counts the members of segs by reading the register once.
func (s *Service) countSegments(ctx context.Context, id int64, segs []Segment) (map[int64]int64, error) {
	out := make(map[int64]int64, len(segs))
	for _, seg := range segs {
		out[seg.ID] = 0
	}
	files, err := s.fileMap(ctx, id)
	if err != nil {
		return nil, err
	}
	err = s.store.EachPerson(ctx, id, func(r *Row) error {
		for i := range segs {
			if segs[i].Rules.Match(r, files) {
				out[segs[i].ID]++
			}
		}
		return nil
	})
	return out, err
}

// fileCache keeps each incident's source file paths by ID. Files are only
// ever added (an ID never changes its path), so a cached map is right for
// every ID it holds and read again when a row names one it does not.
type fileCache struct {
	mu         sync.Mutex
	byIncident map[int64]map[int64]string // never changed once stored
}

// filePaths returns the paths of the incident's files, covering every file
// of rows.
func (s *Service) filePaths(ctx context.Context, id int64, rows []Row) (map[int64]string, error) {
	c := &s.files
	c.mu.Lock()
	m := c.byIncident[id]
	c.mu.Unlock()
	if m != nil && covers(m, rows) {
		return m, nil
	}
	return s.fileMap(ctx, id)
}

func covers(m map[int64]string, rows []Row) bool {
	for i := range rows {
		for _, fid := range rows[i].FileIDs {
			if _, ok := m[fid]; !ok {
				return false
			}
		}
	}
	return true
}

// fileMap reads the incident's file paths and caches them.
func (s *Service) fileMap(ctx context.Context, id int64) (map[int64]string, error) {
	files, err := s.store.Files(ctx, id)
	if err != nil {
		return nil, err
	}
	m := make(map[int64]string, len(files))
	for _, f := range files {
		m[f.ID] = f.Path
	}
	c := &s.files
	c.mu.Lock()
	if c.byIncident == nil {
		c.byIncident = map[int64]map[int64]string{}
	}
	c.byIncident[id] = m
	c.mu.Unlock()
	return m, nil
}
