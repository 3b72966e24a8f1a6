package pubtator

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/follicle/follicle/store"
)

// kinds maps annotation types of the supported corpora to entity kinds.
var kinds = map[string]store.Kind{
	"Chemical":                   store.KindDrug,
	"ChemicalEntity":             store.KindDrug,
	"Disease":                    store.KindCondition,
	"SpecificDisease":            store.KindCondition,
	"DiseaseClass":               store.KindCondition,
	"Modifier":                   store.KindCondition,
	"CompositeMention":           store.KindCondition,
	"DiseaseOrPhenotypicFeature": store.KindCondition,
}

// addMention reads "PMID start end text type id [names]".
func addMention(rec *store.Record, cols []string) error {
	if len(cols) < 5 {
		return fmt.Errorf("mention has %d columns, want at least 5", len(cols))
	}
	start, err1 := strconv.Atoi(cols[1])
	end, err2 := strconv.Atoi(cols[2])
	if err1 != nil || err2 != nil || start < 0 || end < start {
		return fmt.Errorf("mention offsets %s-%s are not a range", store.QuoteID(cols[1]), store.QuoteID(cols[2]))
	}
	a := store.Annotation{Kind: KindOf(cols[4]), Type: cols[4], Text: store.CleanText(cols[3]), Start: start, End: end}
	if len(cols) > 5 {
		a.IDs = SplitIDs(cols[5])
	}
	// A composite mention ("ocular and auditory toxicity") names each of
	// its concepts in a seventh column, aligned with the IDs.
	if len(cols) > 6 && len(a.IDs) > 1 {
		if names := strings.Split(cols[6], "|"); len(names) == len(a.IDs) {
			for _, n := range names {
				a.Names = append(a.Names, store.CleanText(n))
			}
		}
	}
	rec.Annotations = append(rec.Annotations, a)
	return nil
}

// KindOf maps an annotation type of PubTator-family corpora (also used in
// their BioC renderings) to an entity kind, or "" for genes, species and the
// like.
func KindOf(annotationType string) store.Kind { return kinds[annotationType] }

// SplitIDs splits composite identifiers ("D1|D2", "D1+D2", "D1,D2") and
// drops "-1", the corpora's "no identifier".
func SplitIDs(s string) []string {
	var out []string
	for _, id := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '+' || r == ',' || r == ';' }) {
		id = strings.TrimSpace(id)
		if id == "" || id == "-1" || id == "-" {
			continue
		}
		out = append(out, strings.TrimPrefix(id, "MESH:"))
	}
	return out
}
