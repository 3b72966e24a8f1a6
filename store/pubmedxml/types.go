package pubmedxml

import (
	"encoding/xml"
	"strings"
)

// mixedText collects the character data of an element and of any inline
// markup inside it (<i>, <sup>, <b>, MathML), so "H<sub>2</sub>O" reads as
// "H2O".
type mixedText string

// UnmarshalXML implements xml.Unmarshaler.
func (m *mixedText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(t)
		}
	}
	*m = mixedText(b.String())
	return nil
}

type idValue struct {
	Type  string `xml:"IdType,attr"`
	Value string `xml:",chardata"`
}

type pmidValue struct {
	Version int    `xml:"Version,attr"`
	Value   string `xml:",chardata"`
}

type xmlAuthor struct {
	LastName       string `xml:"LastName"`
	ForeName       string `xml:"ForeName"`
	Initials       string `xml:"Initials"`
	CollectiveName string `xml:"CollectiveName"`
}

type xmlArticle struct {
	Journal struct {
		Issue struct {
			Volume  string `xml:"Volume"`
			Issue   string `xml:"Issue"`
			PubDate struct {
				Year        string `xml:"Year"`
				Month       string `xml:"Month"`
				MedlineDate string `xml:"MedlineDate"`
			} `xml:"PubDate"`
		} `xml:"JournalIssue"`
		Title           string `xml:"Title"`
		ISOAbbreviation string `xml:"ISOAbbreviation"`
	} `xml:"Journal"`
	Title      mixedText `xml:"ArticleTitle"`
	Pagination struct {
		MedlinePgn string `xml:"MedlinePgn"`
		StartPage  string `xml:"StartPage"`
		EndPage    string `xml:"EndPage"`
	} `xml:"Pagination"`
	ELocationIDs []struct {
		Type  string `xml:"EIdType,attr"`
		Value string `xml:",chardata"`
	} `xml:"ELocationID"`
	AbstractTexts []abstractText `xml:"Abstract>AbstractText"`
	Authors       []xmlAuthor    `xml:"AuthorList>Author"`
	Languages     []string       `xml:"Language"`
	PubTypes      []string       `xml:"PublicationTypeList>PublicationType"`
	ArticleDates  []struct {
		Year string `xml:"Year"`
	} `xml:"ArticleDate"`
}

// abstractText is one (possibly labelled) paragraph of an abstract.
type abstractText struct {
	Label string
	Text  string
}

// UnmarshalXML implements xml.Unmarshaler, keeping the Label attribute and
// the text of any inline markup.
func (a *abstractText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, attr := range start.Attr {
		if attr.Name.Local == "Label" {
			a.Label = attr.Value
		}
	}
	var m mixedText
	if err := m.UnmarshalXML(d, start); err != nil {
		return err
	}
	a.Text = string(m)
	return nil
}

type xmlCitation struct {
	PMID               pmidValue  `xml:"PMID"`
	Article            xmlArticle `xml:"Article"`
	MedlineJournalInfo struct {
		MedlineTA string `xml:"MedlineTA"`
	} `xml:"MedlineJournalInfo"`
	Chemicals []struct {
		Name struct {
			UI    string `xml:"UI,attr"`
			Value string `xml:",chardata"`
		} `xml:"NameOfSubstance"`
	} `xml:"ChemicalList>Chemical"`
	MeshHeadings []struct {
		Descriptor struct {
			UI    string `xml:"UI,attr"`
			Major string `xml:"MajorTopicYN,attr"`
			Value string `xml:",chardata"`
		} `xml:"DescriptorName"`
		Qualifiers []struct {
			Major string `xml:"MajorTopicYN,attr"`
			Value string `xml:",chardata"`
		} `xml:"QualifierName"`
	} `xml:"MeshHeadingList>MeshHeading"`
	Keywords []mixedText `xml:"KeywordList>Keyword"`
	OtherIDs []struct {
		Source string `xml:"Source,attr"`
		Value  string `xml:",chardata"`
	} `xml:"OtherID"`
}

type xmlPubmedArticle struct {
	Citation   xmlCitation `xml:"MedlineCitation"`
	PubmedData struct {
		ArticleIDs []idValue `xml:"ArticleIdList>ArticleId"`
	} `xml:"PubmedData"`
}

type xmlDelete struct {
	PMIDs []pmidValue `xml:"PMID"`
}
