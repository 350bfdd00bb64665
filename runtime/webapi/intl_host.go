package webapi

// addIntlHost adds the host functions behind Intl.
func (b *Bindings) addIntlHost(set hostSetter) {}
