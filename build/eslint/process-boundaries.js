// ESLint rule `parley/process-boundaries`: refuses an import whose *path*
// crosses a process boundary (CONVENTIONS.md #6, DESIGN.md "Processes and where
// code lives"). `no-restricted-imports` in eslint.config.js keeps packages out
// (node:*, electron, …); this rule keeps folders apart, e.g. the renderer
// reaching `../../src-main/...`.
//
// How: every relative or absolute import specifier is resolved against the
// importing file's folder, made relative to `root` (the repository), and
// checked against the zones whose `from` folder holds the importing file:
//   { from, allow: [folders] }  the import must land inside one of them;
//   { from, deny:  [folders] }  the import must not land inside any of them.
// A folder matches itself and everything under it ('src-main/app' matches
// 'src-main/app/window.ts', not 'src-main/application'). Every zone that
// holds the importing file applies.
//
// It is pure path arithmetic: the target need not exist and no resolver runs,
// so it also judges a file that is being written, type-only imports (types
// belong in src-shared just the same) and the test's made-up paths. Bare
// specifiers ('zod', 'node:fs') are packages, left to no-restricted-imports.
// It sees direct imports only: a zone that must not reach a folder
// transitively lists every folder it imports from as a zone too.
import path from 'node:path';

/** 'a/b/c.ts' is inside 'a/b' and 'a/b' itself; 'a/bc' is not. */
const inside = (relative, folder) => relative === folder || relative.startsWith(`${folder}/`);

/** The string of a literal module specifier, or null (computed specifiers are not judged). */
function specifierOf(node) {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked;
  return null;
}

const isPath = (specifier) => specifier.startsWith('.') || path.isAbsolute(specifier);

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Refuse relative or absolute imports that cross a process boundary between top-level folders.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          zones: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                allow: { type: 'array', items: { type: 'string' } },
                deny: { type: 'array', items: { type: 'string' } },
                message: { type: 'string' },
              },
              required: ['from', 'message'],
              additionalProperties: false,
            },
          },
        },
        required: ['root', 'zones'],
        additionalProperties: false,
      },
    ],
    messages: { crossing: '{{message}} This import reaches {{target}}.' },
  },

  create(context) {
    const { root, zones } = context.options[0];
    const filename = context.filename;
    if (!path.isAbsolute(filename)) return {};
    const fileRelative = path.relative(root, filename).split(path.sep).join('/');
    if (fileRelative.startsWith('../')) return {};
    const applicable = zones.filter((zone) => inside(fileRelative, zone.from));
    if (applicable.length === 0) return {};

    function check(sourceNode) {
      const specifier = specifierOf(sourceNode);
      if (specifier === null || !isPath(specifier)) return;
      const target = path.resolve(path.dirname(filename), specifier);
      const targetRelative = path.relative(root, target).split(path.sep).join('/');
      for (const zone of applicable) {
        const refused = zone.allow
          ? !zone.allow.some((folder) => inside(targetRelative, folder))
          : (zone.deny ?? []).some((folder) => inside(targetRelative, folder));
        if (refused) {
          const shown = targetRelative.startsWith('../') || path.isAbsolute(targetRelative) ? target : targetRelative;
          context.report({ node: sourceNode, messageId: 'crossing', data: { message: zone.message, target: shown } });
          return;
        }
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      // `type T = import('../x').T`
      TSImportType: (node) => check(node.source ?? node.argument?.literal),
      // `import x = require('../x')`
      TSExternalModuleReference: (node) => check(node.expression),
      // `require('../x')` in CommonJS-style code
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1) {
          check(node.arguments[0]);
        }
      },
    };
  },
};
