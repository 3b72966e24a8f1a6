package vocab

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/follicle/follicle/store"
)

// ReadDrugBank reads DrugBank's open vocabulary CSV (DrugBank ID, Accession
// Numbers, Common name, CAS, UNII, Synonyms, Standard InChI Key): every row
// becomes a drug named by its common name, with its " | "-separated
// synonyms, CAS number and UNII.
func ReadDrugBank(name string, r io.Reader) ([]Concept, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("drugbank %s: header: %w", name, csvError(err))
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	for _, need := range []string{"DrugBank ID", "Common name", "Synonyms"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("drugbank %s: header has no %q column", name, need)
		}
	}
	get := func(rec []string, c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var out []Concept
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("drugbank %s: %w", name, csvError(err))
		}
		line, _ := cr.FieldPos(0)
		id := strings.TrimSpace(get(rec, "DrugBank ID"))
		common := store.CleanText(get(rec, "Common name"))
		if !isDrugBankID(id) || common == "" {
			return nil, fmt.Errorf("drugbank %s: line %d: want a DrugBank ID (DB00000) and a common name", name, line)
		}
		c := Concept{ID: id, Kind: store.KindDrug, Name: common, DrugBank: id,
			CAS: store.CleanText(get(rec, "CAS")), UNII: store.CleanText(get(rec, "UNII"))}
		for _, s := range strings.Split(get(rec, "Synonyms"), " | ") {
			if !brandLike(s) {
				c.addName(s)
			}
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("drugbank %s: no drugs", name)
	}
	return out, nil
}

// csvError keeps encoding/csv's message on one line.
func csvError(err error) error {
	return errors.New(strings.Join(strings.Fields(err.Error()), " "))
}

// brandLike reports whether a synonym is a short capitalised word
// ("Balance", "Monitor"): DrugBank lists brand names among synonyms, and
// the short ones are often English words a paper uses for something else.
func brandLike(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 7 || len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
