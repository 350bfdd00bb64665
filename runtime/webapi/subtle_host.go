package webapi

// addSubtleHost adds the host functions behind crypto.subtle (Web Cryptography API).
func (b *Bindings) addSubtleHost(set hostSetter) {}
