-- Minimal Neovim (0.7 or later) configuration that uses the hopcheck language server for PowerShell and
-- VBScript files. Used by the e2e test (test/e2e/neovim/run.sh); the README's "Neovim" section shows the same.
--   nvim -u test/e2e/neovim/init.lua script.ps1
-- The server is this checkout's dist/server.js (run `npm run build` first), or $HOPCHECK_SERVER.
local this = debug.getinfo(1, 'S').source:sub(2)
local repo = vim.fn.fnamemodify(this, ':p:h:h:h:h')
local server = vim.env.HOPCHECK_SERVER or (repo .. '/dist/server.js')

local client_id
local function attach(args)
  if not client_id then
    client_id = vim.lsp.start_client({
      name = 'hopcheck',
      cmd = { 'node', server, '--stdio' },
      root_dir = vim.fn.getcwd(),
      -- answered to the server's workspace/configuration requests (section "hopcheck")
      settings = { hopcheck = { enable = true, scan = { onStartup = false } } },
    })
  end
  if client_id then vim.lsp.buf_attach_client(args and args.buf or 0, client_id) end
end

vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
  pattern = { '*.ps1', '*.psm1', '*.psd1', '*.vbs', '*.wsf', '*.hta' },
  callback = attach,
})
