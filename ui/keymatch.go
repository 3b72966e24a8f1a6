package ui

import "charm.land/bubbles/v2/key"

// fmtStringer is what key.Matches needs of a message: tea.KeyPressMsg.
type fmtStringer interface{ String() string }

func keyMatches(msg fmtStringer, b ...key.Binding) bool { return key.Matches(msg, b...) }
