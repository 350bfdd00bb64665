package webapi

// addStreamsHost adds the host functions behind CompressionStream and DecompressionStream.
func (b *Bindings) addStreamsHost(set hostSetter) {}
