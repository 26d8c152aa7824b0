/**
 * The shape of src/ that `npm run deps` (part of `npm test`) holds: areas depend downward only,
 * and the Meta emulator is a separate program.
 */
export default {
  forbidden: [
    {
      name: 'meta-facts-import-nothing',
      comment: 'Meta\'s published facts are shared by the service and the emulator: they import nothing of either.',
      severity: 'error',
      from: { path: '^src/meta-facts/' },
      to: { path: '^src/', pathNot: '^src/meta-facts/' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two top-level areas of src/ that import each other: one of them must raise an event or take an argument instead.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/[^/]+$', circular: true },
    },
    {
      name: 'emulator-stays-apart',
      comment: 'The emulator models Meta: it never imports service code. Meta\'s published facts (src/meta-facts/: pure data, importing nothing) are read by both.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/', pathNot: '^src/(emulator|meta-facts)/' },
    },
    {
      name: 'service-stays-apart',
      comment: 'The service reaches the emulator over HTTP only; `wevion emulator` (src/cli.ts) is the one way in, and the demo starts it as a child process.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(emulator/|cli\\.ts$)' },
      to: { path: '^src/emulator/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/web/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // Folder-scoped rules need the folder metrics.
    metrics: true,
  },
};
