-- Run inside `nvim --headless -u init.lua -c 'luafile check.lua' evict.ps1`: waits for the hopcheck server's
-- diagnostics in the current buffer and checks for HOP001 on the expected line.
-- env: HOPCHECK_NVIM_EXPECT_LINE (1-based, default 3), HOPCHECK_NVIM_RESULT (file to write PASS/FAIL lines to)
local expect_line = tonumber(vim.env.HOPCHECK_NVIM_EXPECT_LINE or '3')
local out = vim.env.HOPCHECK_NVIM_RESULT
local lines = {}
local function say(s) table.insert(lines, s) end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local attached = vim.wait(15000, function() return next(vim.lsp.buf_get_clients(buf)) ~= nil end, 50)
  assert(attached, 'no LSP client attached to ' .. vim.api.nvim_buf_get_name(buf))
  local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 100)
  assert(got, 'no diagnostics within 30 s')
  local found
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    say(string.format('diagnostic %s line %d col %d severity %s source %s: %s', tostring(code), d.lnum + 1, d.col + 1,
      tostring(d.severity), tostring(d.source), d.message))
    if code == 'HOP001' and d.lnum + 1 == expect_line then found = d end
  end
  assert(found, 'no HOP001 on line ' .. expect_line)
  assert(found.severity == vim.diagnostic.severity.ERROR, 'HOP001 is not an error')
end)
say(ok and 'RESULT PASS' or ('RESULT FAIL: ' .. tostring(err)))
if out then vim.fn.writefile(lines, out) else for _, l in ipairs(lines) do io.stdout:write(l .. '\n') end end

-- stop the server cleanly (shutdown + exit), then leave with the result as the exit code
vim.lsp.stop_client(vim.lsp.get_active_clients())
vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd(ok and 'qall!' or 'cquit 1')
