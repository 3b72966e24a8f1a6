package store

// Kind says whether an entity is a condition or a drug (any intervention:
// drugs, procedures, devices, behavioural therapies).
type Kind string

// The two kinds of entity the panes list.
const (
	KindCondition Kind = "condition"
	KindDrug      Kind = "drug"
)

// Entity is one lexicon entry: a condition or a drug with the names the
// tagger recognises and the facts the reader shows.
type Entity struct {
	ID            string   `json:"id"`
	Kind          Kind     `json:"kind,omitempty"`
	Name          string   `json:"name"`
	Synonyms      []string `json:"synonyms,omitempty"`
	Abbreviations []string `json:"abbreviations,omitempty"`
	Brands        []string `json:"brands,omitempty"`
	Codes         []string `json:"codes,omitempty"`
	Class         string   `json:"class,omitempty"`
	IsClass       bool     `json:"is_class,omitempty"`
	Mechanism     string   `json:"mechanism,omitempty"`
	Route         string   `json:"route,omitempty"`
	Parent        string   `json:"parent,omitempty"`
	MeSH          string   `json:"mesh,omitempty"`
	DOID          string   `json:"doid,omitempty"`
	DrugBank      string   `json:"drugbank,omitempty"`
	Regulatory    string   `json:"regulatory,omitempty"`
	Description   string   `json:"description,omitempty"`
	// NoPapers marks an entry deliberately kept although no bundled paper is
	// about it, so the corpus check does not flag it.
	NoPapers bool `json:"no_papers,omitempty"`
	// Imported marks an entity an import or a vocabulary made (not the
	// curated lexicon): the start-up tagger of bundled papers ignores it,
	// so the bundled corpus keeps its curated links.
	Imported bool `json:"-"`
}

// Names returns every spelling the tagger should recognise case-insensitively:
// the preferred name, synonyms, brands and development codes.
func (e *Entity) Names() []string {
	out := make([]string, 0, 1+len(e.Synonyms)+len(e.Brands)+len(e.Codes))
	out = append(out, e.Name)
	out = append(out, e.Synonyms...)
	out = append(out, e.Brands...)
	out = append(out, e.Codes...)
	return out
}
