// Package scifact reads the BEIR SciFact relevance benchmark from the shared
// data (../shared/data/scifact: the corpus, the training queries and their
// judgments) and scores a ranking with BEIR's measures, nDCG@10 and
// Recall@100. Both the benchmark command (bench -relevance) and the ranking
// floor test use it, so they measure the same thing. Nothing of the data is
// copied into the repository: it is read where it lies.
package scifact

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"unicode"
)

// Doc is one abstract of the corpus: ID is BEIR's numeric document id (not a
// PMID).
type Doc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Query is one training claim.
type Query struct {
	ID   string `json:"_id"`
	Text string `json:"text"`
}

// Set is the benchmark: the corpus, the training queries and, per query ID,
// the IDs of the documents judged relevant.
type Set struct {
	Docs     []Doc
	Queries  []Query
	Relevant map[string]map[string]bool
}

// maxLine bounds one JSON line (the longest abstract is far shorter).
const maxLine = 4 << 20

// Load reads the benchmark from dir (the scifact folder of the shared data).
func Load(dir string) (*Set, error) {
	s := &Set{Relevant: map[string]map[string]bool{}}
	if err := readGzipLines(filepath.Join(dir, "corpus.jsonl.gz"), func(line []byte) error {
		var d Doc
		if err := json.Unmarshal(line, &d); err != nil {
			return err
		}
		s.Docs = append(s.Docs, d)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readLines(filepath.Join(dir, "queries-train.jsonl"), func(line []byte) error {
		var q Query
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		s.Queries = append(s.Queries, q)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := s.readQrels(filepath.Join(dir, "qrels-train.tsv")); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Set) readQrels(path string) error {
	first := true
	return readLines(path, func(line []byte) error {
		f := strings.Split(string(line), "\t")
		if first {
			first = false
			if len(f) > 0 && f[0] == "query-id" {
				return nil
			}
		}
		if len(f) != 3 {
			return fmt.Errorf("want query-id, corpus-id, score; got %d fields", len(f))
		}
		if f[2] == "0" {
			return nil
		}
		if s.Relevant[f[0]] == nil {
			s.Relevant[f[0]] = map[string]bool{}
		}
		s.Relevant[f[0]][f[1]] = true
		return nil
	})
}

func readGzipLines(path string, each func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("scifact: %w", err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("scifact: %s: %w", path, err)
	}
	return scanLines(path, z, each)
}

func readLines(path string, each func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("scifact: %w", err)
	}
	defer f.Close()
	return scanLines(path, f, each)
}

func scanLines(path string, r io.Reader, each func([]byte) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		n++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		if err := each(sc.Bytes()); err != nil {
			return fmt.Errorf("scifact: %s line %d: %w", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("scifact: %s: %w", path, err)
	}
	return nil
}

// Judged returns the queries that have at least one relevant document, in
// file order.
func (s *Set) Judged() []Query {
	var out []Query
	for _, q := range s.Queries {
		if len(s.Relevant[q.ID]) > 0 {
			out = append(out, q)
		}
	}
	return out
}

// Words is a claim as bare words: letters and digits, lower case, every
// other character a separator. A claim is prose, not a query in any
// language: "1-1%" or "(HIV)" must not be read as operators, and the
// ranking (not the parser) is what is measured.
func Words(claim string) []string {
	return strings.FieldsFunc(strings.ToLower(claim), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Scores are the two measures, averaged over queries.
type Scores struct {
	NDCG10    float64
	Recall100 float64
	Queries   int
}

// Evaluate scores ranked document IDs per query ID (best first) against
// the judgments, as BEIR does with binary relevance: nDCG@10 with a log2
// discount and Recall@100. A query with no ranking scores zero.
func (s *Set) Evaluate(queries []Query, ranked map[string][]string) Scores {
	var out Scores
	for _, q := range queries {
		rel := s.Relevant[q.ID]
		if len(rel) == 0 {
			continue
		}
		out.Queries++
		out.NDCG10 += NDCG(ranked[q.ID], rel, 10)
		out.Recall100 += Recall(ranked[q.ID], rel, 100)
	}
	if out.Queries > 0 {
		out.NDCG10 /= float64(out.Queries)
		out.Recall100 /= float64(out.Queries)
	}
	return out
}

// NDCG is the normalised discounted cumulative gain of ranked at k for
// binary judgments.
func NDCG(ranked []string, rel map[string]bool, k int) float64 {
	dcg := 0.0
	for i, id := range ranked[:min(k, len(ranked))] {
		if rel[id] {
			dcg += 1 / math.Log2(float64(i+2))
		}
	}
	ideal := 0.0
	for i := 0; i < min(k, len(rel)); i++ {
		ideal += 1 / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

// Recall is the share of the relevant documents found in the first k.
func Recall(ranked []string, rel map[string]bool, k int) float64 {
	if len(rel) == 0 {
		return 0
	}
	found := 0
	for _, id := range ranked[:min(k, len(ranked))] {
		if rel[id] {
			found++
		}
	}
	return float64(found) / float64(len(rel))
}

// Subset returns the first n judged queries and a corpus holding every
// document they judge relevant plus the first others of the corpus up to
// size documents, in corpus order: a small fixed benchmark for a quick test.
func (s *Set) Subset(n, size int) (docs []Doc, queries []Query) {
	judged := s.Judged()
	queries = judged[:min(n, len(judged))]
	need := map[string]bool{}
	for _, q := range queries {
		for id := range s.Relevant[q.ID] {
			need[id] = true
		}
	}
	fill := size - len(need)
	for _, d := range s.Docs {
		switch {
		case need[d.ID]:
			docs = append(docs, d)
		case fill > 0:
			docs = append(docs, d)
			fill--
		}
	}
	return docs, queries
}
