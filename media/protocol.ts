// The one contract between Switchboard's webviews and the extension host: each page's types and
// messages (declared once, as descriptors with shape checks, in protocol/), and the channel both
// sides speak. The host reaches media/ only through this module; nothing here imports src/.
export * from './protocol/callTool';
export * from './protocol/channel';
export * from './protocol/dashboard';
export * from './protocol/elicit';
export * from './protocol/guards';
export * from './protocol/ipc';
export * from './protocol/run';
