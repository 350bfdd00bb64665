package webapi

// addSocketHost adds the host functions behind WebSocket.
func (b *Bindings) addSocketHost(set hostSetter) {}
