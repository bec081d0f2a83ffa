// The VS Code side: starts the hopcheck language server (the same one any LSP editor can use) and
// adds the editor UI: an output channel and a restart command.
import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const output = window.createOutputChannel('hopcheck', { log: true });
  const clientOptions: LanguageClientOptions = {
    // By extension first: VS Code calls .vbs `vb` and has no language for .wsf/.hta.
    documentSelector: [
      { scheme: 'file', pattern: '**/*.{ps1,psm1,psd1,vbs,wsf,hta,PS1,PSM1,PSD1,VBS,WSF,HTA}' },
      { language: 'powershell' },
      { language: 'vb' },
    ],
    synchronize: { configurationSection: 'hopcheck' },
    outputChannel: output,
  };
  client = new LanguageClient('hopcheck', 'hopcheck', serverOptions, clientOptions);
  context.subscriptions.push(
    output,
    commands.registerCommand('hopcheck.restartServer', async () => { await client?.restart(); }),
    commands.registerCommand('hopcheck.showOutput', () => output.show(true)),
    workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('hopcheck')) output.appendLine('settings changed'); }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
