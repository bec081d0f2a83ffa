// facts/powershell/commands.ts resolveParam: PowerShell's rules for the parameter a `-Name` written on a command
// line binds to (case-insensitive names and aliases, any unambiguous prefix), over the catalogue's commands.
import { strict as assert } from 'node:assert';
import { commandSpec, resolveParam } from '../../../server/src/facts/powershell/commands';

const bound = (command: string, written: string) => resolveParam(commandSpec(command)!, written)?.name;

describe('the parameter a written name binds to (resolveParam)', () => {
  it('takes a name or an alias in any case', () => {
    assert.equal(bound('Invoke-Command', 'computername'), 'ComputerName');
    assert.equal(bound('Invoke-Command', 'CN'), 'ComputerName');
    assert.equal(bound('Invoke-WmiMethod', 'cf'), 'Confirm');
    assert.equal(bound('Get-WmiObject', 'ea'), 'ErrorAction'); // a parameter every cmdlet has
  });

  it('takes a prefix only when one parameter has it', () => {
    assert.equal(bound('Invoke-Command', 'comp'), 'ComputerName');
    assert.equal(bound('Get-WmiObject', 'co'), 'ComputerName');
    assert.equal(bound('Invoke-WmiMethod', 'co'), undefined); // -ComputerName and -Confirm
    assert.equal(bound('Invoke-Command', 'ses'), undefined); // -Session, -SessionOption, -SessionName
    assert.equal(bound('Get-WmiObject', 'err'), undefined); // -ErrorAction and -ErrorVariable
    assert.equal(bound('Get-WmiObject', 'nosuch'), undefined);
  });

  it('takes a whole name over the longer names it is a prefix of', () => {
    assert.equal(bound('Invoke-Command', 'session'), 'Session');
    assert.equal(bound('Invoke-Command', 'sessionn'), 'SessionName');
  });

  it('answers the same when asked again', () => {
    for (let i = 0; i < 3; i++) assert.deepEqual(['comp', 'co', 'session'].map((w) => bound('Invoke-WmiMethod', w)), ['ComputerName', undefined, undefined]);
  });
});
