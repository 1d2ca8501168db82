import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The package's public surface is what another stack sees in dist/components/index.d.ts. A type that
// an Args or output names but the entry does not export cannot be written down by the caller
// (issue #12): this walks the compiler's view of the entry, in-process, and lists every such type.

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const COMPONENTS = path.join(REPO_ROOT, "components");
const PROVIDER_SDKS = /[\\/]node_modules[\\/]@pulumi[\\/](aws|kubernetes)[\\/]/;

/** One referenced type the entry does not export, and every public member that names it. */
interface MissingExport {
  typeName: string;
  usedBy: string[];
}

type Owned = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ClassDeclaration | ts.EnumDeclaration;

function isOwnedDeclaration(node: ts.Node): node is Owned {
  return ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node);
}

function isHidden(member: ts.ClassElement): boolean {
  const flags = ts.getCombinedModifierFlags(member as ts.Declaration);
  return (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0 || (member.name !== undefined && ts.isPrivateIdentifier(member.name));
}

function memberName(node: ts.Node): string {
  const name = (node as ts.NamedDeclaration).name;
  if (ts.isConstructorDeclaration(node)) return "constructor";
  if (ts.isIndexSignatureDeclaration(node)) return "[index]";
  if (ts.isCallSignatureDeclaration(node)) return "()";
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : "?";
}

/**
 * Walks the public signatures of every export of `entryFile` and returns the types declared under
 * `ownRoot` that they name (directly or through other own types) but the entry does not export.
 * Types from node_modules and the standard library (pulumi.Input, Record, string) are not followed.
 */
function findUnexportedTypes(program: ts.Program, entryFile: string, ownRoot: string): MissingExport[] {
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(entryFile);
  const entrySymbol = entry && checker.getSymbolAtLocation(entry);
  if (!entrySymbol) throw new Error(`no module at ${entryFile}`);

  const resolve = (symbol: ts.Symbol): ts.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  const isOwn = (node: ts.Node) => !path.relative(ownRoot, node.getSourceFile().fileName).startsWith("..");
  const exports = checker.getExportsOfModule(entrySymbol).sort((a, b) => a.name.localeCompare(b.name));
  const exported = new Set(exports.map(resolve));

  const missing = new Map<ts.Symbol, Set<string>>();
  const walked = new Set<ts.Symbol>();
  const seenTypes = new Set<ts.Type>();

  // A type name met in a public position: record it when the entry lacks it, then walk its own declaration.
  const reach = (symbol: ts.Symbol | undefined, usedBy: string): void => {
    if (!symbol) return;
    const target = resolve(symbol);
    const declarations = (target.declarations ?? []).filter((d) => isOwnedDeclaration(d) && isOwn(d)) as Owned[];
    if (declarations.length === 0) return;
    if (!exported.has(target)) {
      const users = missing.get(target) ?? new Set<string>();
      users.add(usedBy);
      missing.set(target, users);
    }
    if (walked.has(target)) return;
    walked.add(target);
    for (const declaration of declarations) walkDeclaration(declaration, target.name);
  };

  // Names in a written type: references and heritage clauses; `typeof value` names a value, not a type.
  const walkTypeNode = (node: ts.Node | undefined, usedBy: string): void => {
    if (!node || ts.isTypeQueryNode(node)) return;
    if (ts.isTypeReferenceNode(node)) reach(checker.getSymbolAtLocation(node.typeName), usedBy);
    if (ts.isExpressionWithTypeArguments(node)) reach(checker.getSymbolAtLocation(node.expression), usedBy);
    ts.forEachChild(node, (child) => walkTypeNode(child, usedBy));
  };

  // A type the compiler inferred (no annotation written): follow its alias, own symbol, parts and arguments.
  const walkType = (type: ts.Type, usedBy: string): void => {
    if (seenTypes.has(type)) return;
    seenTypes.add(type);
    if (type.aliasSymbol) {
      reach(type.aliasSymbol, usedBy);
      for (const argument of type.aliasTypeArguments ?? []) walkType(argument, usedBy);
      return;
    }
    if (type.isUnionOrIntersection()) return type.types.forEach((part) => walkType(part, usedBy));
    if (type.symbol) reach(type.symbol, usedBy);
    if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
      for (const argument of checker.getTypeArguments(type as ts.TypeReference)) walkType(argument, usedBy);
    }
  };

  const walkSignature = (node: ts.SignatureDeclaration, usedBy: string): void => {
    node.typeParameters?.forEach((parameter) => walkTypeNode(parameter, usedBy));
    for (const parameter of node.parameters) {
      if (parameter.type) walkTypeNode(parameter.type, usedBy);
      else walkType(checker.getTypeAtLocation(parameter), usedBy);
    }
    if (node.type) return walkTypeNode(node.type, usedBy);
    const signature = checker.getSignatureFromDeclaration(node);
    if (signature && !ts.isConstructorDeclaration(node)) walkType(checker.getReturnTypeOfSignature(signature), usedBy);
  };

  const walkMember = (member: ts.Node, owner: string): void => {
    const usedBy = `${owner}.${memberName(member)}`;
    if (ts.isFunctionLike(member)) return walkSignature(member, usedBy);
    const written = (member as ts.PropertyDeclaration).type;
    if (written) walkTypeNode(written, usedBy);
    else if (ts.isPropertyDeclaration(member)) walkType(checker.getTypeAtLocation(member), usedBy);
  };

  function walkDeclaration(declaration: ts.Node, owner: string): void {
    if (ts.isFunctionDeclaration(declaration)) return walkSignature(declaration, owner);
    if (ts.isVariableDeclaration(declaration)) {
      // Only a callable value has a signature worth spelling; a schema or table carries its inferred type.
      const init = declaration.initializer;
      if (declaration.type) walkTypeNode(declaration.type, owner);
      else if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) walkSignature(init, owner);
      return;
    }
    if (ts.isTypeAliasDeclaration(declaration)) {
      declaration.typeParameters?.forEach((parameter) => walkTypeNode(parameter, owner));
      if (ts.isTypeLiteralNode(declaration.type)) return declaration.type.members.forEach((member) => walkMember(member, owner));
      return walkTypeNode(declaration.type, owner);
    }
    if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
      declaration.typeParameters?.forEach((parameter) => walkTypeNode(parameter, owner));
      declaration.heritageClauses?.forEach((clause) => walkTypeNode(clause, `${owner}.extends`));
      for (const member of declaration.members) {
        if (ts.isClassDeclaration(declaration) && isHidden(member as ts.ClassElement)) continue;
        if (ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) continue;
        walkMember(member, owner);
      }
    }
  }

  for (const symbol of exports) {
    const target = resolve(symbol);
    walked.add(target);
    for (const declaration of target.declarations ?? []) walkDeclaration(declaration, symbol.name);
  }

  return [...missing]
    .map(([symbol, users]) => ({ typeName: symbol.name, usedBy: [...users].sort() }))
    .sort((a, b) => a.typeName.localeCompare(b.typeName));
}

function describeMissing(missing: MissingExport[]): string[] {
  return missing.map(({ typeName, usedBy }) => `${typeName} (used by ${usedBy.join(", ")})`);
}

function repoProgram(): ts.Program {
  const configFile = ts.findConfigFile(REPO_ROOT, ts.sys.fileExists, "tsconfig.json");
  if (!configFile) throw new Error("no tsconfig.json at the repo root");
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, REPO_ROOT);
  // The generated provider SDKs are 20 MB of declarations (most of this test's time) and never name a
  // type of this repo, so they are read as empty modules: the types reached stay the same, measured.
  const host = ts.createCompilerHost(options);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => PROVIDER_SDKS.test(fileName)
    ? ts.createSourceFile(fileName, "export {};", languageVersion)
    : readSourceFile(fileName, languageVersion, ...rest);
  return ts.createProgram([path.join(COMPONENTS, "index.ts")], options, host);
}

/** A program over in-memory files under a made-up root, for showing the walker what it must refuse. */
function inMemoryProgram(files: Record<string, string>): { program: ts.Program; root: string } {
  const root = path.join(REPO_ROOT, "virtual-package");
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, noLib: true, types: [] };
  const host = ts.createCompilerHost(options);
  const text = (fileName: string) => files[path.relative(root, fileName)];
  // Module resolution asks whether a folder exists before it looks for files in it.
  host.directoryExists = (directory) => !path.relative(root, directory).startsWith("..");
  host.fileExists = (fileName) => text(fileName) !== undefined;
  host.readFile = (fileName) => text(fileName);
  host.getSourceFile = (fileName, languageVersion) => {
    const source = text(fileName);
    return source === undefined ? undefined : ts.createSourceFile(fileName, source, languageVersion, true);
  };
  return { program: ts.createProgram([path.join(root, "index.ts")], options, host), root };
}

describe("public types of the package entry", () => {
  it("exports every type that a public Args, output or signature names", () => {
    const program = repoProgram();
    const missing = findUnexportedTypes(program, path.join(COMPONENTS, "index.ts"), COMPONENTS);
    expect(describeMissing(missing)).toEqual([]);
  });

  it("reports an own type that an exported signature names but the entry leaves out", () => {
    const { program, root } = inMemoryProgram({
      "index.ts": 'export { Widget, type WidgetArgs, makeWidget } from "./widget";\nexport type { Shown } from "./shown";\n',
      "shown.ts": "export interface Shown { size: number }\n",
      "widget.ts": [
        'import type { Shown } from "./shown";',
        "interface Secret { key: string }",
        "export type Mode = \"a\" | \"b\";",
        "export interface Nested { secret: Secret }",
        "export interface Hidden { nested: Nested }",
        "export interface WidgetArgs { mode: Mode; shown: Shown; hidden?: Hidden }",
        "export interface Result { ok: boolean }",
        "export class Widget {",
        "  readonly result: Result = { ok: true };",
        "  private readonly internal: Secret = { key: \"\" };",
        "  constructor(readonly args: WidgetArgs) {}",
        "}",
        "export function makeWidget(args: WidgetArgs) { return new Widget(args).result; }",
      ].join("\n"),
    });
    const missing = findUnexportedTypes(program, path.join(root, "index.ts"), root);
    expect(describeMissing(missing)).toEqual([
      "Hidden (used by WidgetArgs.hidden)",
      "Mode (used by WidgetArgs.mode)",
      "Nested (used by Hidden.nested)",
      "Result (used by Widget.result, makeWidget)",
      "Secret (used by Nested.secret)",
    ]);
  });
});
